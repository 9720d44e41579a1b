package com.cpnetwork.platform.health;

import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.storage.Storage;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Checks the database and storage in parallel, each bounded by a short timeout so a hung dependency reads as down. */
public final class HealthCheck {

    private final Database database;
    private final Storage storage;
    private final Duration timeout;
    private final ExecutorService probes = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "health-probe");
        thread.setDaemon(true);
        return thread;
    });

    public HealthCheck(Database database, Storage storage, Duration timeout) {
        this.database = database;
        this.storage = storage;
        this.timeout = timeout;
    }

    public HealthReport check() {
        CompletableFuture<Boolean> databaseUp = probe(() -> database.isReachable(timeout));
        CompletableFuture<Boolean> storageUp = probe(() -> storage.isReachable(timeout));
        return new HealthReport(await(databaseUp), await(storageUp));
    }

    private CompletableFuture<Boolean> probe(BooleanSupplier check) {
        return CompletableFuture.supplyAsync(check::getAsBoolean, probes);
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
