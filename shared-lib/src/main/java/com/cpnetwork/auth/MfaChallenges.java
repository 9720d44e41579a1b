package com.cpnetwork.auth;

import com.cpnetwork.platform.security.Secrets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The token between a staff member's correct password and the TOTP step (VERIFY), or the forced enrollment when the
 * organization requires TOTP and the account has none (ENROLL). Five minutes, single use, five wrong codes end it.
 */
final class MfaChallenges {

    static final Duration VALIDITY = Duration.ofMinutes(5);
    static final int MAX_FAILURES = 5;

    enum Purpose { VERIFY, ENROLL }

    record Challenge(String tokenHash, UUID orgId, UUID userId) {
    }

    private final Secrets secrets;

    MfaChallenges(Secrets secrets) {
        this.secrets = secrets;
    }

    /** Inserts within the account's organization (the transaction must already be narrowed to it). */
    String create(Handle handle, UUID orgId, UUID userId, Purpose purpose, Instant now) {
        String token = secrets.newToken();
        handle.createUpdate("""
                INSERT INTO mfa_challenges (token_hash, org_id, user_id, purpose, expires_at)
                VALUES (:hash, :org, :user, :purpose, :expires)""")
                .bind("hash", Secrets.sha256(token)).bind("org", orgId).bind("user", userId)
                .bind("purpose", purpose.name()).bind("expires", now.plus(VALIDITY)).execute();
        return token;
    }

    /** A live challenge for {@code purpose}, looked up across organizations (sign-in scope). */
    Optional<Challenge> find(Handle handle, String token, Purpose purpose, Instant now) {
        return handle.createQuery("""
                SELECT token_hash, org_id, user_id FROM mfa_challenges
                 WHERE token_hash = :hash AND purpose = :purpose AND consumed_at IS NULL AND expires_at > :now
                   AND failures < :max""")
                .bind("hash", Secrets.sha256(token)).bind("purpose", purpose.name()).bind("now", now).bind("max", MAX_FAILURES)
                .map((row, context) -> new Challenge(row.getString("token_hash"), row.getObject("org_id", UUID.class),
                        row.getObject("user_id", UUID.class)))
                .findOne();
    }

    void recordFailure(Handle handle, Challenge challenge) {
        handle.createUpdate("UPDATE mfa_challenges SET failures = failures + 1 WHERE token_hash = :hash")
                .bind("hash", challenge.tokenHash()).execute();
    }

    /** Uses the challenge up; false when a concurrent request already did. */
    boolean consume(Handle handle, Challenge challenge, Instant now) {
        return handle.createUpdate("UPDATE mfa_challenges SET consumed_at = :now WHERE token_hash = :hash AND consumed_at IS NULL")
                .bind("hash", challenge.tokenHash()).bind("now", now).execute() == 1;
    }
}
