package com.cpnetwork.auth;

import com.cpnetwork.platform.security.Secrets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Opaque refresh tokens, stored as SHA-256. A sign-in starts a family that lives 24 hours however often it is
 * refreshed; each refresh replaces the presented token. A replaced token presented again has leaked: the family dies.
 */
final class RefreshTokens {

    static final Duration SESSION = Duration.ofHours(24);

    record Stored(UUID id, UUID orgId, UUID userId, UUID familyId, Instant sessionExpiresAt, boolean replaced, boolean revoked) {
    }

    private final Secrets secrets;

    RefreshTokens(Secrets secrets) {
        this.secrets = secrets;
    }

    String startFamily(Handle handle, UUID orgId, UUID userId, Instant now) {
        return issue(handle, orgId, userId, UUID.randomUUID(), now.plus(SESSION), now);
    }

    String issue(Handle handle, UUID orgId, UUID userId, UUID familyId, Instant sessionExpiresAt, Instant now) {
        String token = secrets.newToken();
        handle.createUpdate("""
                INSERT INTO refresh_tokens (id, org_id, user_id, family_id, token_hash, issued_at, session_expires_at)
                VALUES (:id, :org, :user, :family, :hash, :now, :expires)""")
                .bind("id", UUID.randomUUID()).bind("org", orgId).bind("user", userId).bind("family", familyId)
                .bind("hash", Secrets.sha256(token)).bind("now", now).bind("expires", sessionExpiresAt).execute();
        return token;
    }

    /** Looks a token up across organizations (sign-in scope). */
    Optional<Stored> find(Handle handle, String token) {
        return handle.createQuery("""
                SELECT id, org_id, user_id, family_id, session_expires_at, replaced_at IS NOT NULL AS replaced,
                       revoked_at IS NOT NULL AS revoked
                  FROM refresh_tokens WHERE token_hash = :hash""")
                .bind("hash", Secrets.sha256(token))
                .map((row, context) -> new Stored(row.getObject("id", UUID.class), row.getObject("org_id", UUID.class),
                        row.getObject("user_id", UUID.class), row.getObject("family_id", UUID.class),
                        row.getObject("session_expires_at", java.time.OffsetDateTime.class).toInstant(),
                        row.getBoolean("replaced"), row.getBoolean("revoked")))
                .findOne();
    }

    /** Marks the token replaced; false when a concurrent refresh already did (which is reuse as well). */
    boolean replace(Handle handle, UUID id, Instant now) {
        return handle.createUpdate("UPDATE refresh_tokens SET replaced_at = :now WHERE id = :id AND replaced_at IS NULL AND revoked_at IS NULL")
                .bind("id", id).bind("now", now).execute() == 1;
    }

    void revokeFamily(Handle handle, UUID familyId, Instant now) {
        handle.createUpdate("UPDATE refresh_tokens SET revoked_at = :now WHERE family_id = :family AND revoked_at IS NULL")
                .bind("family", familyId).bind("now", now).execute();
    }

    void revokeAllOf(Handle handle, UUID userId, Instant now) {
        handle.createUpdate("UPDATE refresh_tokens SET revoked_at = :now WHERE user_id = :user AND revoked_at IS NULL")
                .bind("user", userId).bind("now", now).execute();
    }
}
