package com.cpnetwork.bench;

import com.cpnetwork.audit.AuditLog;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.testing.AuditEntries;
import com.cpnetwork.testing.TestBackend;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Time and peak heap of exporting the audit trail as CSV to Blob storage (not part of {@code mvn verify}: run as
 * docs/benchmarks.md describes). Exports 10,000 then 100,000 entries of one organization in the same JVM: time should
 * grow with the rows, the heap should not. Writes its figures to {@code target/bench/audit-export.txt}.
 */
class AuditExportBench {

    private static final int SMALL = 10_000;
    private static final int LARGE = Integer.getInteger("auditRows", 100_000);

    @RegisterExtension
    static final TestBackend world = TestBackend.perTestClass();

    @Test
    void exportTenThousandThenAHundredThousandEntries() throws Exception {
        StringBuilder figures = new StringBuilder();
        for (int rows : new int[] {SMALL, LARGE}) {
            Caller admin = world.fixtures().anOrganization();
            Instant from = world.clock().instant().minus(Duration.ofDays(30));
            AuditEntries.insertLeadUpdates(admin, rows, from);
            exportOnce(admin, from); // warm-up: classes loaded, JIT compiled, the same plan cached
            figures.append(measure(admin, from, rows));
        }
        figures.append(String.format("max heap %d MiB%n", Runtime.getRuntime().maxMemory() >> 20));
        System.out.print(figures);
        Files.createDirectories(Path.of("target", "bench"));
        Files.writeString(Path.of("target", "bench", "audit-export.txt"), figures);
    }

    private static String measure(Caller admin, Instant from, int rows) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(before);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long started = System.nanoTime();
        AuditLog.Export export = exportOnce(admin, from);
        long millis = (System.nanoTime() - started) / 1_000_000;
        sampler.interrupt();
        sampler.join();
        if (export.rows() < rows) { // the entries inserted, and those of the organization's creation and the warm-up export
            throw new IllegalStateException("exported " + export.rows() + " entries, expected at least " + rows);
        }
        return String.format("%,d entries: %,d ms (%,.0f entries/s); heap before %d MiB, peak %d MiB (+%d MiB)%n", export.rows(), millis,
                export.rows() * 1000.0 / millis, before >> 20, peak.get() >> 20, (peak.get() - before) >> 20);
    }

    private static AuditLog.Export exportOnce(Caller admin, Instant from) {
        return world.backend().auditLog().export(admin, from, world.clock().instant().plusSeconds(1));
    }
}
