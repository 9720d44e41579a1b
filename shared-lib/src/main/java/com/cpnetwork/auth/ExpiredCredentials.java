package com.cpnetwork.auth;

import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.db.TransactionScope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deletes sign-in data nobody can use any more: expired codes, account choices, MFA challenges, password resets,
 * refresh tokens of ended sessions, stale failure counters and rate-limit buckets, in batches of short transactions
 * ({@link Database#deleteInBatches}), so two runs at once are harmless.
 */
public final class ExpiredCredentials {

    static final int BATCH = 1000;
    /** Kept a day past expiry so support can still see what happened at a recent sign-in. */
    static final Duration GRACE = Duration.ofDays(1);

    private final Database database;
    private final Clock clock;

    public ExpiredCredentials(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Purges everything expired; returns the rows deleted per table. */
    public Map<String, Integer> purge() {
        Instant cutoff = clock.instant().minus(GRACE);
        Map<String, Integer> deleted = new LinkedHashMap<>();
        deleted.put("sign_in_codes", purge("sign_in_codes", "expires_at < :cutoff", cutoff));
        deleted.put("sign_in_choices", purge("sign_in_choices", "expires_at < :cutoff", cutoff));
        deleted.put("sign_in_failures", purge("sign_in_failures", "coalesce(locked_until, first_failed_at) < :cutoff", cutoff));
        deleted.put("mfa_challenges", purge("mfa_challenges", "expires_at < :cutoff", cutoff));
        deleted.put("password_resets", purge("password_resets", "expires_at < :cutoff", cutoff));
        deleted.put("refresh_tokens", purge("refresh_tokens", "session_expires_at < :cutoff", cutoff));
        deleted.put("rate_limit_buckets", purge("rate_limit_buckets", "expires_at < :cutoff", cutoff.toEpochMilli()));
        return deleted;
    }

    private int purge(String table, String condition, Object cutoff) {
        return database.deleteInBatches(TransactionScope.system(), table, condition, Map.of("cutoff", cutoff), BATCH);
    }
}
