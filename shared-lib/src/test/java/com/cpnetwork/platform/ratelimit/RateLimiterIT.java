package com.cpnetwork.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.cpnetwork.platform.config.SettingsReader;
import com.cpnetwork.platform.config.SettingsSource;
import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.db.DatabaseSettings;
import com.cpnetwork.platform.errors.RateLimited;
import com.cpnetwork.testing.Rows;
import com.cpnetwork.testing.TestInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Requests per minute per client and endpoint group, counted in PostgreSQL so every function instance shares them. */
class RateLimiterIT {

    private static final int PER_MINUTE = 3;

    /** A second pool on the same database: what a second function instance would have. */
    private static Database secondInstance;

    private final TestInfrastructure infrastructure = TestInfrastructure.get();
    private final RateLimiter limiter = new RateLimiter(infrastructure.database().dataSource(), PER_MINUTE);
    private final String client = "203.0.113." + UUID.randomUUID();

    @BeforeAll
    static void startASecondInstance() {
        secondInstance = Database.connect(DatabaseSettings.read(new SettingsReader(SettingsSource.of(TestInfrastructure.get().settings()))));
    }

    @AfterAll
    static void stopTheSecondInstance() {
        secondInstance.close();
    }

    @Test
    void theRequestAfterTheBudgetIsRefusedWithTheWait() {
        for (int request = 1; request <= PER_MINUTE; request++) {
            limiter.admit(RateLimitGroup.SIGN_IN, client);
        }

        Throwable refused = catchThrowable(() -> limiter.admit(RateLimitGroup.SIGN_IN, client));

        assertThat(refused).isInstanceOfSatisfying(RateLimited.class, e -> {
            assertThat(e.code()).isEqualTo("RATE_LIMITED");
            assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(61));
        });
    }

    @Test
    void clientsAndGroupsHaveTheirOwnBudgets() {
        for (int request = 1; request <= PER_MINUTE; request++) {
            limiter.admit(RateLimitGroup.SIGN_IN, client);
        }
        assertThatThrownBy(() -> limiter.admit(RateLimitGroup.SIGN_IN, client)).isInstanceOf(RateLimited.class);

        String otherClient = "198.51.100." + UUID.randomUUID();
        for (int request = 1; request <= PER_MINUTE; request++) {
            limiter.admit(RateLimitGroup.SIGN_IN, otherClient);
            limiter.admit(RateLimitGroup.PASSWORD_RESET, client);
            limiter.admit(RateLimitGroup.UPLOAD_LINKS, client);
        }
        assertThatThrownBy(() -> limiter.admit(RateLimitGroup.PASSWORD_RESET, client)).isInstanceOf(RateLimited.class);
    }

    @Test
    void aLoweredLimitAppliesToBucketsThatAlreadyExist() {
        RateLimiter generous = new RateLimiter(infrastructure.database().dataSource(), 1000);
        generous.admit(RateLimitGroup.SIGN_IN, client);
        RateLimiter strict = new RateLimiter(infrastructure.database().dataSource(), 2);

        strict.admit(RateLimitGroup.SIGN_IN, client);
        strict.admit(RateLimitGroup.SIGN_IN, client);

        assertThatThrownBy(() -> strict.admit(RateLimitGroup.SIGN_IN, client)).isInstanceOf(RateLimited.class);
    }

    @Test
    void twoInstancesOnOneDatabaseShareOneBudget() {
        RateLimiter other = new RateLimiter(secondInstance.dataSource(), PER_MINUTE);

        limiter.admit(RateLimitGroup.SIGN_IN, client);
        other.admit(RateLimitGroup.SIGN_IN, client);
        limiter.admit(RateLimitGroup.SIGN_IN, client);

        assertThatThrownBy(() -> other.admit(RateLimitGroup.SIGN_IN, client)).isInstanceOf(RateLimited.class);
        assertThatThrownBy(() -> limiter.admit(RateLimitGroup.SIGN_IN, client)).isInstanceOf(RateLimited.class);
    }

    @Test
    void concurrentRequestsThroughTwoInstancesNeverExceedTheBudget() throws Exception {
        RateLimiter other = new RateLimiter(secondInstance.dataSource(), PER_MINUTE);
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Boolean>> requests = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                RateLimiter instance = i % 2 == 0 ? limiter : other;
                requests.add(() -> {
                    try {
                        instance.admit(RateLimitGroup.SIGN_IN, client);
                        return true;
                    } catch (RateLimited e) {
                        return false;
                    }
                });
            }
            int admitted = 0;
            for (Future<Boolean> outcome : threads.invokeAll(requests)) {
                admitted += outcome.get() ? 1 : 0;
            }

            assertThat(admitted).isEqualTo(PER_MINUTE);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aBucketRecordsWhenItMayBePurgedInEpochMilliseconds() {
        long before = System.currentTimeMillis();

        limiter.admit(RateLimitGroup.UPLOAD_LINKS, client);

        long expiresAt = Rows.<Number>one("SELECT expires_at FROM rate_limit_buckets WHERE id = ?", "UPLOAD_LINKS:" + PER_MINUTE + ":" + client).longValue();
        assertThat(expiresAt).isBetween(before, before + Duration.ofMinutes(2).toMillis());
    }
}
