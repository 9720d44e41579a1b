package com.cpnetwork.localruntime;

import java.time.Duration;
import java.util.Objects;

/**
 * Knobs of the local runtime that host.json does not cover.
 *
 * @param blobScanInterval how often each blob trigger lists its container
 * @param shutdownTimeout  how long {@link FunctionsHost#close()} waits for running invocations
 */
public record HostOptions(Duration blobScanInterval, Duration shutdownTimeout) {

    public HostOptions {
        Objects.requireNonNull(blobScanInterval, "blobScanInterval");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        if (blobScanInterval.isNegative() || blobScanInterval.isZero()) {
            throw new IllegalArgumentException("blobScanInterval must be positive");
        }
    }

    /** About a second between blob scans, ten seconds for running invocations to finish at shutdown. */
    public static HostOptions defaults() {
        return new HostOptions(Duration.ofSeconds(1), Duration.ofSeconds(10));
    }

    public HostOptions withBlobScanInterval(Duration interval) {
        return new HostOptions(interval, shutdownTimeout);
    }

    public HostOptions withShutdownTimeout(Duration timeout) {
        return new HostOptions(blobScanInterval, timeout);
    }
}
