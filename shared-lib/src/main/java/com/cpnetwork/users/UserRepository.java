package com.cpnetwork.users;

import com.cpnetwork.platform.PageRequest;
import com.cpnetwork.platform.Role;
import com.cpnetwork.platform.db.LikePattern;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * SQL for managing accounts (listing, creating, changing them). Every method runs in the caller's transaction;
 * row-level security limits what it sees to the transaction's organization. Lookups and credentials that other
 * features need are in {@link Accounts}.
 */
final class UserRepository {

    private static final String COLUMNS = Accounts.COLUMNS;
    private static final RowMapper<User> USER = Accounts.USER;


    /** Newest first; {@code search} matches name, email or phone, case-insensitively. */
    List<User> list(Handle handle, UUID orgId, Optional<Role> role, Optional<String> search, PageRequest page) {
        return handle.createQuery("SELECT " + COLUMNS + """
                         FROM users
                        WHERE org_id = :org
                          AND (CAST(:role AS text) IS NULL OR role = :role)
                          AND (CAST(:pattern AS text) IS NULL OR name ILIKE :pattern OR email ILIKE :pattern OR phone LIKE :pattern)
                          AND (CAST(:afterAt AS timestamptz) IS NULL OR (created_at, id) < (:afterAt, CAST(:afterId AS uuid)))
                        ORDER BY created_at DESC, id DESC
                        LIMIT :limit""")
                .bind("org", orgId)
                .bind("role", role.map(Role::name).orElse(null))
                .bind("pattern", search.map(LikePattern::containing).orElse(null))
                .bind("afterAt", page.after().map(PageRequest.Position::at).orElse(null))
                .bind("afterId", page.after().map(PageRequest.Position::id).orElse(null))
                .bind("limit", page.fetchSize())
                .map(USER).list();
    }



    Optional<User> findCustomerByPhone(Handle handle, UUID orgId, String phone) {
        return handle.createQuery("SELECT " + COLUMNS + """
                         FROM users WHERE org_id = :org AND phone = :phone AND role = 'CUSTOMER'
                        ORDER BY created_at LIMIT 1""")
                .bind("org", orgId).bind("phone", phone).map(USER).findOne();
    }

    /**
     * Serializes, until the transaction ends, every writer that checks or creates a customer with this phone in this
     * organization, so "phone already taken" cannot be raced.
     */
    void lockCustomerPhone(Handle handle, UUID orgId, String phone) {
        handle.createQuery("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .bind("key", "customer-phone:" + orgId + ":" + phone)
                .mapTo(String.class).one();
    }

    void insert(Handle handle, User user, String passwordHash) {
        handle.createUpdate("""
                INSERT INTO users (id, org_id, role, name, email, phone, state_code, kam_id, active, blocked_token,
                                   totp_enabled, password_hash, created_at, updated_at)
                VALUES (:id, :org, :role, :name, :email, :phone, :state, CAST(:kam AS uuid), :active, :blocked, :totp, :hash, :created, :updated)""")
                .bind("id", user.id())
                .bind("org", user.orgId())
                .bind("role", user.role().name())
                .bind("name", user.name())
                .bind("email", user.email())
                .bind("phone", user.phone())
                .bind("state", user.stateCode())
                .bind("kam", user.kamId())
                .bind("active", user.active())
                .bind("blocked", user.blockedToken())
                .bind("totp", user.mfaEnabled())
                .bind("hash", passwordHash)
                .bind("created", user.createdAt())
                .bind("updated", user.updatedAt())
                .execute();
    }

    /** Writes the editable fields (name, territory, KAM, blocked, active). */
    void update(Handle handle, User user) {
        handle.createUpdate("""
                UPDATE users SET name = :name, state_code = :state, kam_id = CAST(:kam AS uuid), blocked_token = :blocked,
                                 active = :active, updated_at = :updated
                 WHERE id = :id""")
                .bind("id", user.id())
                .bind("name", user.name())
                .bind("state", user.stateCode())
                .bind("kam", user.kamId())
                .bind("blocked", user.blockedToken())
                .bind("active", user.active())
                .bind("updated", user.updatedAt())
                .execute();
    }








}
