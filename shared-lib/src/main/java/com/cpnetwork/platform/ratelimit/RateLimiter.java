package com.cpnetwork.platform.ratelimit;

import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.errors.RateLimited;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Requests per minute per client address and endpoint group, counted in PostgreSQL (Bucket4j's select-for-update
 * backend) so the limit holds across every function instance. Buckets expire from the table once refilled.
 */
public final class RateLimiter {

    private final ProxyManager<String> buckets;
    private final BucketConfiguration perMinute;
    private final int requestsPerMinute;

    public RateLimiter(DataSource dataSource, int requestsPerMinute) {
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_buckets")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
        this.perMinute = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(requestsPerMinute).refillGreedy(requestsPerMinute, Duration.ofMinutes(1)))
                .build();
        this.requestsPerMinute = requestsPerMinute;
    }

    /** Counts one request of {@code client} to {@code group}; throws {@link RateLimited} with the wait when over. */
    public void admit(RateLimitGroup group, String client) {
        // A bucket keeps the configuration it was created with, so the limit is part of its key: a changed limit
        // takes effect at once on fresh buckets, and the old ones expire.
        String key = group.name() + ":" + requestsPerMinute + ":" + client;
        ConsumptionProbe probe;
        try {
            probe = buckets.builder().build(key, () -> perMinute).tryConsumeAndReturnRemaining(1);
        } catch (RuntimeException e) {
            throw Database.translate(e);
        }
        if (!probe.isConsumed()) {
            throw new RateLimited(Duration.ofNanos(probe.getNanosToWaitForRefill()).plusSeconds(1));
        }
    }
}
