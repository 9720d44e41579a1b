package com.cpnetwork.localruntime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Knobs of the local runtime that host.json does not cover.
 *
 * @param blobScanInterval how often each blob trigger lists its container
 * @param shutdownTimeout  how long {@link FunctionsHost#close()} waits for running invocations
 * @param localOutbox      the app's local outbox folder, served to this machine at {@code GET /local/outbox/latest};
 *                         empty: no such endpoint
 */
public record HostOptions(Duration blobScanInterval, Duration shutdownTimeout, Optional<Path> localOutbox) {

    public HostOptions {
        Objects.requireNonNull(blobScanInterval, "blobScanInterval");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(localOutbox, "localOutbox");
        if (blobScanInterval.isNegative() || blobScanInterval.isZero()) {
            throw new IllegalArgumentException("blobScanInterval must be positive");
        }
    }

    /** About a second between blob scans, ten seconds for running invocations to finish at shutdown, no outbox. */
    public static HostOptions defaults() {
        return new HostOptions(Duration.ofSeconds(1), Duration.ofSeconds(10), Optional.empty());
    }

    public HostOptions withBlobScanInterval(Duration interval) {
        return new HostOptions(interval, shutdownTimeout, localOutbox);
    }

    public HostOptions withShutdownTimeout(Duration timeout) {
        return new HostOptions(blobScanInterval, timeout, localOutbox);
    }

    public HostOptions withLocalOutbox(Path folder) {
        return new HostOptions(blobScanInterval, shutdownTimeout, Optional.of(folder));
    }
}
