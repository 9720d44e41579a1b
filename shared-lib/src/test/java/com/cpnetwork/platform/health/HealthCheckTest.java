package com.cpnetwork.platform.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HealthCheckTest {

    private final AtomicInteger databaseProbes = new AtomicInteger();
    private final AtomicInteger storageProbes = new AtomicInteger();

    private HealthCheck.Probe counting(AtomicInteger counter, long millis, boolean up) {
        return timeout -> {
            counter.incrementAndGet();
            sleep(millis);
            return up;
        };
    }

    @Test
    void concurrentChecksShareOneProbeOfEachDependency() throws Exception {
        HealthCheck health = new HealthCheck(counting(databaseProbes, 200, true), counting(storageProbes, 200, true),
                Duration.ofSeconds(2), Duration.ofSeconds(10));
        ExecutorService callers = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HealthReport>> reports = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            reports.add(callers.submit(() -> {
                start.await();
                return health.check();
            }));
        }
        start.countDown();
        for (Future<HealthReport> report : reports) {
            assertThat(report.get()).isEqualTo(new HealthReport(true, true));
        }
        callers.shutdown();

        assertThat(databaseProbes).hasValue(1);
        assertThat(storageProbes).hasValue(1);
    }

    @Test
    void aResultOlderThanTheReusePeriodIsProbedAgain() {
        HealthCheck health = new HealthCheck(counting(databaseProbes, 0, true), counting(storageProbes, 0, false),
                Duration.ofSeconds(2), Duration.ofMillis(50));

        assertThat(health.check()).isEqualTo(new HealthReport(true, false));
        sleep(80);
        assertThat(health.check()).isEqualTo(new HealthReport(true, false));

        assertThat(databaseProbes).hasValue(2);
    }

    @Test
    void aHungDependencyReadsAsDownWithinTheTimeout() {
        HealthCheck health = new HealthCheck(counting(databaseProbes, 5_000, true), counting(storageProbes, 0, true),
                Duration.ofMillis(300), Duration.ZERO);
        long started = System.nanoTime();

        HealthReport report = health.check();

        assertThat(report).isEqualTo(new HealthReport(false, true));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
