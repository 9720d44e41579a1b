package com.cpnetwork.auth;

import com.cpnetwork.audit.AuditEntry;
import com.cpnetwork.audit.AuditTrail;
import com.cpnetwork.audit.EntityType;
import com.cpnetwork.notifications.Notification;
import com.cpnetwork.notifications.Notifier;
import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.db.TransactionScope;
import com.cpnetwork.platform.errors.Unauthorized;
import com.cpnetwork.platform.security.Secrets;
import com.cpnetwork.users.PasswordHasher;
import com.cpnetwork.users.PasswordPolicy;
import com.cpnetwork.users.User;
import com.cpnetwork.users.Accounts;
import com.cpnetwork.users.UserService;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Forgotten staff passwords: a single-use link valid 30 minutes, sent by email. The request answers the same whether
 * or not the email has an account. Completing it ends every session of the account.
 */
public final class PasswordReset {

    static final Duration VALIDITY = Duration.ofMinutes(30);

    private record Pending(UUID resetId, UUID orgId, UUID userId, String email) {
    }

    private final Database database;
    private final Accounts users;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final Secrets secrets;
    private final SignInLockout lockout;
    private final RefreshTokens refreshTokens;
    private final Notifier notifier;
    private final AuditTrail audit;
    private final URI publicAppUrl;
    private final Clock clock;

    PasswordReset(Database database, Accounts users, PasswordPolicy policy, PasswordHasher hasher, Secrets secrets,
                  SignInLockout lockout, RefreshTokens refreshTokens, Notifier notifier, AuditTrail audit, URI publicAppUrl, Clock clock) {
        this.database = database;
        this.users = users;
        this.policy = policy;
        this.hasher = hasher;
        this.secrets = secrets;
        this.lockout = lockout;
        this.refreshTokens = refreshTokens;
        this.notifier = notifier;
        this.audit = audit;
        this.publicAppUrl = publicAppUrl;
        this.clock = clock;
    }

    /** {@code {"email"}}: emails a reset link when an active staff account has this email. */
    public void requestReset(String emailInput) {
        String email = UserService.normalizeEmail(emailInput);
        database.inTransaction(TransactionScope.signIn(), handle -> {
            Optional<User> account = users.findStaffByEmail(handle, email).filter(User::canSignIn);
            account.ifPresent(user -> {
                Instant now = clock.instant();
                String token = secrets.newToken();
                Database.narrowTo(handle, user.orgId(), user.id(), user.role().name());
                handle.createUpdate("""
                        INSERT INTO password_resets (id, org_id, user_id, token_hash, created_at, expires_at)
                        VALUES (:id, :org, :user, :hash, :now, :expires)""")
                        .bind("id", UUID.randomUUID()).bind("org", user.orgId()).bind("user", user.id())
                        .bind("hash", Secrets.sha256(token)).bind("now", now).bind("expires", now.plus(VALIDITY)).execute();
                notifier.send(handle, user.orgId(), Notification.email(user.email(), "Reset your cpnetwork password",
                        "Someone asked to reset the password of your cpnetwork account.\n\n"
                                + "To choose a new password, open this link within 30 minutes:\n"
                                + publicAppUrl.resolve("/reset-password?token=" + token) + "\n\n"
                                + "If it was not you, ignore this email; your password stays as it is."));
                audit.record(handle, AuditEntry.event(user.orgId(), user.id(), "PASSWORD_RESET_REQUESTED", EntityType.USER,
                        user.id().toString(), Map.of()));
            });
            return null;
        });
    }

    /** {@code {"token", "newPassword"}}: sets the password; an unknown, expired or used token is a 401. */
    public void completeReset(String token, String newPassword) {
        Pending pending = database.inTransaction(TransactionScope.signIn(), handle -> handle.createQuery("""
                SELECT r.id, r.org_id, r.user_id, u.email
                  FROM password_resets r JOIN users u ON u.id = r.user_id
                 WHERE r.token_hash = :hash AND r.used_at IS NULL AND r.expires_at > :now""")
                .bind("hash", Secrets.sha256(token)).bind("now", clock.instant())
                .map((row, context) -> new Pending(row.getObject("id", UUID.class), row.getObject("org_id", UUID.class),
                        row.getObject("user_id", UUID.class), row.getString("email")))
                .findOne()).orElseThrow(PasswordReset::invalidToken);
        policy.check("newPassword", newPassword, pending.email());
        String hash = hasher.hash(newPassword);
        database.inTransaction(TransactionScope.signIn(), handle -> {
            Instant now = clock.instant();
            Database.narrowTo(handle, pending.orgId(), pending.userId(), null);
            int used = handle.createUpdate("UPDATE password_resets SET used_at = :now WHERE id = :id AND used_at IS NULL AND expires_at > :now")
                    .bind("id", pending.resetId()).bind("now", now).execute();
            if (used == 0) {
                return Attempt.refused(invalidToken());
            }
            users.setPasswordHash(handle, pending.userId(), hash, now);
            refreshTokens.revokeAllOf(handle, pending.userId(), now);
            lockout.clear(handle, secrets.hmac("email:" + pending.email()));
            audit.record(handle, AuditEntry.event(pending.orgId(), pending.userId(), "PASSWORD_RESET", EntityType.USER,
                    pending.userId().toString(), Map.of()));
            return Attempt.of(null);
        }).get();
    }

    private static Unauthorized invalidToken() {
        return new Unauthorized("INVALID_RESET_TOKEN", "The reset link is unknown, expired or already used");
    }
}
