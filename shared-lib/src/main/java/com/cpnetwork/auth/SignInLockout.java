package com.cpnetwork.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Five wrong codes or passwords within 15 minutes lock the identifier (a phone or email, as an HMAC) for 15
 * minutes. Counted per identifier, not per account, so unknown ones lock too and a lock reveals nothing.
 */
final class SignInLockout {

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final Duration LOCK = Duration.ofMinutes(15);

    Optional<Instant> lockedUntil(Handle handle, String identifierHash, Instant now) {
        return handle.createQuery("SELECT locked_until FROM sign_in_failures WHERE identifier_hash = :id AND locked_until > :now")
                .bind("id", identifierHash).bind("now", now).mapTo(Instant.class).findOne();
    }

    /** Counts a failure; true when it is the one that locks. */
    boolean recordFailure(Handle handle, String identifierHash, Instant now) {
        int failures = handle.createQuery("""
                INSERT INTO sign_in_failures (identifier_hash, failures, first_failed_at) VALUES (:id, 1, :now)
                ON CONFLICT (identifier_hash) DO UPDATE SET
                    failures = CASE WHEN sign_in_failures.first_failed_at < :windowStart THEN 1 ELSE sign_in_failures.failures + 1 END,
                    first_failed_at = CASE WHEN sign_in_failures.first_failed_at < :windowStart THEN :now ELSE sign_in_failures.first_failed_at END
                RETURNING failures""")
                .bind("id", identifierHash).bind("now", now).bind("windowStart", now.minus(WINDOW))
                .mapTo(Integer.class).one();
        if (failures < MAX_FAILURES) {
            return false;
        }
        handle.createUpdate("""
                UPDATE sign_in_failures SET locked_until = :until, failures = 0, first_failed_at = :now
                 WHERE identifier_hash = :id""")
                .bind("id", identifierHash).bind("now", now).bind("until", now.plus(LOCK)).execute();
        return true;
    }

    void clear(Handle handle, String identifierHash) {
        handle.createUpdate("DELETE FROM sign_in_failures WHERE identifier_hash = :id").bind("id", identifierHash).execute();
    }
}
