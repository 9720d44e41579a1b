package com.cpnetwork.platform.health;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Checks the database and storage in parallel, each bounded by a short timeout so a hung dependency reads as down.
 * Concurrent checks share one probe, and a result is reused for {@code reuseFor}, so however often health is asked
 * the dependencies are probed at most about once per {@code reuseFor}. Thread-safe.
 */
public final class HealthCheck {

    /** One dependency's answer to "are you there?", given at most this long. */
    @FunctionalInterface
    public interface Probe {
        boolean isReachable(Duration timeout);
    }

    private record Round(long startedNanos, CompletableFuture<HealthReport> report) {
    }

    private final Probe database;
    private final Probe storage;
    private final Duration timeout;
    private final Duration reuseFor;
    private final AtomicReference<Round> latest = new AtomicReference<>();
    private final ExecutorService probes = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "health-probe");
        thread.setDaemon(true);
        return thread;
    });

    public HealthCheck(Probe database, Probe storage, Duration timeout, Duration reuseFor) {
        this.database = database;
        this.storage = storage;
        this.timeout = timeout;
        this.reuseFor = reuseFor;
    }

    public HealthReport check() {
        Round current = latest.get();
        if (current == null || System.nanoTime() - current.startedNanos() > reuseFor.toNanos()) {
            Round fresh = new Round(System.nanoTime(), new CompletableFuture<>());
            if (latest.compareAndSet(current, fresh)) {
                fresh.report().complete(probe());
                return fresh.report().join();
            }
        }
        return latest.get().report().join();
    }

    private HealthReport probe() {
        CompletableFuture<Boolean> databaseUp = CompletableFuture.supplyAsync(() -> database.isReachable(timeout), probes);
        CompletableFuture<Boolean> storageUp = CompletableFuture.supplyAsync(() -> storage.isReachable(timeout), probes);
        return new HealthReport(await(databaseUp), await(storageUp));
    }

    private boolean await(CompletableFuture<Boolean> probe) {
        try {
            return probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }
}
