package com.cpnetwork.users;

import com.cpnetwork.platform.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Accounts as the other features act on them, inside their own transaction: finding who someone is, and the sign-in
 * credentials (password hash, TOTP secrets) that only authentication reads and writes. Row-level security limits what
 * it sees to the transaction's organization, or, in the sign-in scope, lets the lookups by phone and email read across
 * them. Thread-safe.
 */
public final class Accounts {

    static final String COLUMNS = """
            id, org_id, role, name, email, phone, state_code, kam_id, active, blocked_token, totp_enabled, created_at, updated_at""";
    static final RowMapper<User> USER = Accounts::map;

    public Optional<User> find(Handle handle, UUID id) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
                .bind("id", id).map(USER).findOne();
    }
    /** Active accounts that sign in with this phone, in every organization (sign-in scope). */
    public List<User> findPhoneSignInAccounts(Handle handle, String phone) {
        return handle.createQuery("SELECT " + COLUMNS + """
                         FROM users
                        WHERE phone = :phone AND role IN ('CP', 'CUSTOMER') AND active
                        ORDER BY created_at""")
                .bind("phone", phone).map(USER).list();
    }
    /** The staff account with this email in any organization (sign-in scope). */
    public Optional<User> findStaffByEmail(Handle handle, String email) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM users WHERE email = :email AND role IN ('ADMIN', 'KAM')")
                .bind("email", email).map(USER).findOne();
    }
    public Optional<String> passwordHash(Handle handle, UUID userId) {
        return handle.createQuery("SELECT password_hash FROM users WHERE id = :id")
                .bind("id", userId).mapTo(String.class).findOne().filter(hash -> hash != null);
    }
    public void setPasswordHash(Handle handle, UUID userId, String hash, Instant at) {
        handle.createUpdate("UPDATE users SET password_hash = :hash, updated_at = :at WHERE id = :id")
                .bind("id", userId).bind("hash", hash).bind("at", at).execute();
    }
    public Optional<String> totpSecret(Handle handle, UUID userId) {
        return handle.createQuery("SELECT totp_secret FROM users WHERE id = :id")
                .bind("id", userId).mapTo(String.class).findOne().filter(secret -> secret != null);
    }
    public Optional<String> pendingTotpSecret(Handle handle, UUID userId) {
        return handle.createQuery("SELECT totp_pending_secret FROM users WHERE id = :id")
                .bind("id", userId).mapTo(String.class).findOne().filter(secret -> secret != null);
    }
    /** Stores a new, not yet active TOTP secret (enrollment); the active one, if any, keeps working until activation. */
    public void setPendingTotpSecret(Handle handle, UUID userId, String secret) {
        handle.createUpdate("UPDATE users SET totp_pending_secret = :secret WHERE id = :id")
                .bind("id", userId).bind("secret", secret).execute();
    }
    /** Makes the pending secret the active second factor. */
    public void activatePendingTotp(Handle handle, UUID userId, long usedStep, Instant at) {
        handle.createUpdate("""
                UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_enabled = true,
                                 totp_last_step = :step, updated_at = :at
                 WHERE id = :id AND totp_pending_secret IS NOT NULL""")
                .bind("id", userId).bind("step", usedStep).bind("at", at).execute();
    }
    /**
     * Records that the TOTP code of time step {@code step} was used; false when it (or a later one) already was, so
     * a code cannot be replayed within its 30-second window.
     */
    public boolean useTotpStep(Handle handle, UUID userId, long step) {
        return handle.createUpdate("""
                UPDATE users SET totp_last_step = :step
                 WHERE id = :id AND (totp_last_step IS NULL OR totp_last_step < :step)""")
                .bind("id", userId).bind("step", step).execute() == 1;
    }

    private static User map(ResultSet row, StatementContext context) throws SQLException {
        return new User(
                row.getObject("id", UUID.class),
                row.getObject("org_id", UUID.class),
                Role.valueOf(row.getString("role")),
                row.getString("name"),
                row.getString("email"),
                row.getString("phone"),
                row.getString("state_code"),
                row.getObject("kam_id", UUID.class),
                row.getBoolean("active"),
                row.getBoolean("blocked_token"),
                row.getBoolean("totp_enabled"),
                row.getObject("created_at", OffsetDateTime.class).toInstant(),
                row.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
