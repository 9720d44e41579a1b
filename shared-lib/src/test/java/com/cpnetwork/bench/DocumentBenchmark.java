package com.cpnetwork.bench;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobClientBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import com.cpnetwork.documents.Document;
import com.cpnetwork.documents.DocumentRetention;
import com.cpnetwork.documents.NewKycDocument;
import com.cpnetwork.documents.UploadLink;
import com.cpnetwork.localruntime.azurite.Azurite;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.storage.Storage;
import com.cpnetwork.platform.storage.StorageLayout;
import com.cpnetwork.platform.storage.StorageSettings;
import com.cpnetwork.testing.Fixtures;
import com.cpnetwork.testing.MutableClock;
import com.cpnetwork.testing.Rows;
import com.cpnetwork.testing.StallingProxy;
import com.cpnetwork.testing.TestBackend;
import com.cpnetwork.testing.TestInfrastructure;
import com.cpnetwork.users.User;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Documents, run by hand (docs/benchmarks.md): what validating an upload costs for 1 KB, 10 MB and 1 GB files, and what
 * purging 100,000 documents backdated past seven years costs in time and heap.
 *
 * <p>Validation runs against an Azurite of its own that keeps blobs on disk (a 1 GB blob would not fit the shared
 * in-memory one), with a backend whose blob traffic goes through a counting proxy, so "bytes read" is what storage
 * actually sent, HTTP headers included. Retention runs against the test infrastructure's in-memory Azurite. Validation: each run uploads a file through a new link (the 1 GB
 * one is copied inside storage from a template written once in 4 MiB blocks), then times
 * {@code UploadInspection.inspect} alone: properties, at most one range read, the server-side copy of a valid file,
 * the deletes and the transactions. Retention: documents inserted as the schema owner, then one
 * {@code DocumentRetention.purge} while a thread samples the used heap every 10 ms and each garbage collection reports
 * what it left (the live data, which is what must stay flat); first on Azurite with a small file
 * per document, then against a stub blob service that answers every delete at once (the purge's own cost). System
 * properties: {@code runs} (20), {@code bigRuns} (5), {@code validation} (true), {@code purgeOnAzurite} (10000),
 * {@code purge} (10000,100000).
 */
public final class DocumentBenchmark {

    private static final int RUNS = Integer.getInteger("runs", 20);
    private static final int BIG_RUNS = Integer.getInteger("bigRuns", 5);
    private static final List<Integer> PURGE_SIZES = sizes("purge", "10000,100000");
    private static final List<Integer> EMULATED_PURGE_SIZES = sizes("purgeOnAzurite", "10000");
    private static final long ONE_GB = 1024L * 1024 * 1024;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final TestBackend world;
    private final StallingProxy blobService;
    private final Storage direct;
    private final Caller admin;
    private final User customer;
    private int kycTypes;

    private DocumentBenchmark(TestBackend world, StallingProxy blobService, Storage direct) {
        this.world = world;
        this.blobService = blobService;
        this.direct = direct;
        this.admin = world.fixtures().anOrganization();
        this.customer = world.fixtures().aCustomer(admin, Fixtures.aPhone());
    }

    public static void main(String[] args) throws Exception {
        // The JDK's HTTP server stalls ~40 ms per response without it (see DESIGN.md); the stub below must not.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Path blobs = Files.createTempDirectory("document-benchmark-azurite");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(blobs)));
        try (Azurite azurite = Azurite.start(Azurite.Options.persistent(blobs));
             StallingProxy proxy = StallingProxy.to(azurite.blobPort())) {
            String connection = azurite.connectionString();
            Storage direct = Storage.connect(new StorageSettings(Optional.of(connection), Optional.empty(), Optional.empty(), Optional.empty()));
            direct.ensureLayout();
            String proxied = connection.replace("127.0.0.1:" + azurite.blobPort() + "/", "127.0.0.1:" + proxy.port() + "/");
            System.out.println("Machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, max heap "
                    + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB, Java " + System.getProperty("java.version"));
            if (Boolean.parseBoolean(System.getProperty("validation", "true"))) {
                try (TestBackend world = TestBackend.start(MutableClock.startingNow(), Map.of(StorageSettings.NAME, proxied))) {
                    new DocumentBenchmark(world, proxy, direct).validation();
                }
            }
            System.out.println();
            System.out.println("| documents | storage | purge time | rate | heap used before | peak heap used | peak heap after a GC | outcome | due left |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            // On the shared in-memory Azurite, with a small file per document: what a purge costs against the emulator.
            try (TestBackend world = TestBackend.start()) {
                DocumentBenchmark benchmark = new DocumentBenchmark(world, proxy, TestInfrastructure.get().storage());
                for (int size : EMULATED_PURGE_SIZES) {
                    benchmark.retention(size, "Azurite (in memory), one file each", true);
                }
            }
            // Against a stub blob service that answers every delete at once: the purge's own cost (claims, deletes
            // and audit in PostgreSQL, HTTP through the storage SDK), without the emulator's per-request time.
            try (InstantBlobService stub = InstantBlobService.start();
                 TestBackend world = TestBackend.start(MutableClock.startingNow(), Map.of(StorageSettings.NAME,
                         connection.replace("127.0.0.1:" + azurite.blobPort() + "/", "127.0.0.1:" + stub.port() + "/")))) {
                DocumentBenchmark benchmark = new DocumentBenchmark(world, proxy, direct);
                for (int size : PURGE_SIZES) {
                    benchmark.retention(size, "stub answering 202 at once", false);
                }
            }
        } finally {
            deleteRecursively(blobs);
        }
        System.exit(0);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Validation

    private record Measured(String file, String outcome, List<Long> bytes, List<Double> millis) {
    }

    private void validation() throws Exception {
        List<Measured> results = new ArrayList<>();
        results.add(validate("1 KB PDF", pdfOfSize(1024), RUNS));
        results.add(validate("10 MB PDF", pdfOfSize(10 * 1024 * 1024), RUNS));
        results.add(validate("10 MB executable declared as PDF", executableOfSize(10 * 1024 * 1024), RUNS));
        results.add(validate("1 GB PDF", null, BIG_RUNS));
        System.out.println();
        System.out.println("What the validator reads, alone: blob properties and one range request for the first 64 KiB, whatever the size");
        System.out.println("| blob | bytes received | median | p90 |");
        System.out.println("|---|---|---|---|");
        readOnly("1 KB", pdfOfSize(1024));
        readOnly("10 MB", pdfOfSize(10 * 1024 * 1024));
        readOnly("1 GB", null);
        System.out.println();
        System.out.println("| upload | outcome | bytes received from storage (median) | inspect() median | p90 | runs |");
        System.out.println("|---|---|---|---|---|---|");
        for (Measured result : results) {
            System.out.printf("| %s | %s | %,d | %.1f ms | %.1f ms | %d |%n", result.file(), result.outcome(), median(result.bytes()),
                    percentile(result.millis(), 50), percentile(result.millis(), 90), result.millis().size());
        }
    }

    /** {@code content} null: the 1 GB file, copied inside storage from a template written once. */
    private Measured validate(String file, byte[] content, int runs) throws Exception {
        BlobClient template = content == null ? oneGigabyteTemplate() : null;
        long size = content == null ? ONE_GB : content.length;
        List<Long> bytes = new ArrayList<>();
        List<Double> millis = new ArrayList<>();
        String outcome = "";
        for (int run = -2; run < runs; run++) {
            world.clock().set(Instant.now());
            UploadLink link = world.backend().documents().service().requestKycUpload(admin, new NewKycDocument(customer.id(),
                    "BENCH_" + kycTypes++, "file.pdf", "application/pdf", Math.min(size, 10L * 1024 * 1024)));
            String name = admin.orgId() + "/" + link.documentId();
            if (content == null) {
                direct.container(StorageLayout.UPLOADS).getBlobClient(name).beginCopy(template.getBlobUrl(), Duration.ofSeconds(1))
                        .waitForCompletion(Duration.ofMinutes(5));
            } else {
                int status = HTTP.send(HttpRequest.newBuilder(link.uploadUrl()).header("x-ms-blob-type", "BlockBlob")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status != 201) {
                    throw new IllegalStateException("Upload answered " + status);
                }
            }
            blobService.resetCount();
            long started = System.nanoTime();
            world.backend().documents().inspection().inspect(name);
            double elapsed = (System.nanoTime() - started) / 1e6;
            long received = blobService.bytesFromTarget();
            Document document = world.backend().documents().service().getDocument(admin, link.documentId());
            outcome = document.status() + (document.invalidReason() == null ? "" : " " + document.invalidReason());
            if (run >= 0) {
                bytes.add(received);
                millis.add(elapsed);
            }
        }
        System.out.printf("%s: %s, %,d bytes received, %.1f ms median%n", file, outcome, median(bytes), percentile(millis, 50));
        return new Measured(file, outcome, bytes, millis);
    }

    /** Times properties + one 64 KiB range read of a blob of the given size (null: the 1 GB template), through the proxy. */
    private void readOnly(String label, byte[] content) throws Exception {
        BlobClient source = content == null ? oneGigabyteTemplate() : direct.container("benchmark").getBlobClient("read-" + label.replace(" ", ""));
        if (content != null) {
            direct.container("benchmark").createIfNotExists();
            source.upload(BinaryData.fromBytes(content), true);
        }
        BlobClient proxied = new BlobClientBuilder().connectionString(world.settings().get(StorageSettings.NAME))
                .containerName("benchmark").blobName(source.getBlobName()).buildClient();
        List<Double> millis = new ArrayList<>();
        List<Long> bytes = new ArrayList<>();
        for (int run = -2; run < RUNS; run++) {
            blobService.resetCount();
            long started = System.nanoTime();
            String etag = proxied.getProperties().getETag();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            proxied.downloadStreamWithResponse(head, new BlobRange(0, 64L * 1024), null, new BlobRequestConditions().setIfMatch(etag), false,
                    null, Context.NONE);
            if (run >= 0) {
                millis.add((System.nanoTime() - started) / 1e6);
                bytes.add(blobService.bytesFromTarget());
            }
        }
        System.out.printf("| %s | %,d | %.1f ms | %.1f ms |%n", label, median(bytes), percentile(millis, 50), percentile(millis, 90));
    }

    private BlobClient oneGigabyteTemplate() {
        BlobContainerClient bench = direct.container("benchmark");
        bench.createIfNotExists();
        BlockBlobClient template = bench.getBlobClient("one-gigabyte.pdf").getBlockBlobClient();
        if (!template.exists()) {
            byte[] block = pdfOfSize(4 * 1024 * 1024);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < ONE_GB / block.length; i++) {
                String id = Base64.getEncoder().encodeToString(String.format("block-%06d", i).getBytes(StandardCharsets.US_ASCII));
                template.stageBlock(id, new ByteArrayInputStream(block), block.length);
                ids.add(id);
            }
            template.commitBlockList(ids);
        }
        return bench.getBlobClient("one-gigabyte.pdf");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Retention

    private void retention(int documents, String storage, boolean withFiles) throws Exception {
        List<UUID> ids = seed(documents);
        if (withFiles) {
            writeFiles(ids);
        }
        ids = null;
        System.gc();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(baseline);
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.start();
        AtomicLong peakAfterGc = new AtomicLong();
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        NotificationListener afterGc = (notification, handback) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream().filter(pool -> heapPools.contains(pool.getKey()))
                        .mapToLong(pool -> pool.getValue().getUsed()).sum();
                peakAfterGc.accumulateAndGet(used, Math::max);
            }
        };
        List<NotificationEmitter> collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(NotificationEmitter.class::cast).toList();
        collectors.forEach(collector -> collector.addNotificationListener(afterGc, null, null));
        world.clock().set(Instant.now());
        long started = System.nanoTime();
        DocumentRetention.Outcome outcome = world.backend().documents().retention().purge(Duration.ofHours(2));
        double seconds = (System.nanoTime() - started) / 1e9;
        sampling.set(false);
        sampler.join();
        for (NotificationEmitter collector : collectors) {
            collector.removeNotificationListener(afterGc);
        }
        long left = Rows.count("SELECT count(*) FROM documents WHERE org_id = ? AND uploaded_at < now() - interval '7 years'", admin.orgId());
        System.out.printf("| %,d | %s | %.1f s | %,.0f documents/s | %d MiB | %d MiB | %d MiB | %s | %,d |%n", documents, storage, seconds,
                documents / seconds, baseline / (1024 * 1024), peak.get() / (1024 * 1024), peakAfterGc.get() / (1024 * 1024), outcome, left);
    }

    /** Inserts {@code count} VALID KYC documents uploaded eight years ago, as the schema owner; returns their ids. */
    private List<UUID> seed(int count) throws Exception {
        try (Connection owner = TestInfrastructure.get().ownerConnection();
             PreparedStatement insert = owner.prepareStatement("""
                     INSERT INTO documents (id, org_id, kind, customer_id, doc_type, file_name, content_type, size_bytes, status,
                                            link_expires_at, uploaded_at, created_by, created_at, updated_at)
                     SELECT gen_random_uuid(), ?, 'KYC', ?, 'OLD_' || g, 'scan-' || g || '.pdf', 'application/pdf', 300, 'VALID',
                            now() - interval '8 years', now() - interval '8 years' + g * interval '1 second', ?,
                            now() - interval '8 years', now() - interval '8 years'
                       FROM generate_series(1, ?) g""")) {
            insert.setObject(1, admin.orgId());
            insert.setObject(2, customer.id());
            insert.setObject(3, admin.userId());
            insert.setInt(4, count);
            insert.executeUpdate();
        }
        return Rows.column("SELECT id FROM documents WHERE org_id = ? AND uploaded_at < now() - interval '7 years'", admin.orgId());
    }

    /** Gives each seeded document its file in the documents container, four uploads at a time (more overwhelm the emulator). */
    private void writeFiles(List<UUID> ids) throws Exception {
        BlobContainerClient kept = direct.container(StorageLayout.DOCUMENTS);
        BinaryData file = BinaryData.fromBytes(pdfOfSize(300));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> uploads = new ArrayList<>();
            for (UUID id : ids) {
                uploads.add(pool.submit(() -> kept.getBlobClient(admin.orgId() + "/" + id).upload(file, true)));
            }
            for (Future<?> upload : uploads) {
                upload.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static List<Integer> sizes(String property, String fallback) {
        return Arrays.stream(System.getProperty(property, fallback).split(",")).map(String::trim).filter(size -> !size.isEmpty())
                .map(Integer::parseInt).toList();
    }

    /**
     * A blob service that answers every request with 202 Accepted at once, as Delete Blob does, and keeps nothing: the
     * storage side of a purge without the emulator's per-request time.
     */
    private static final class InstantBlobService implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService threads = Executors.newFixedThreadPool(8);

        private InstantBlobService(HttpServer server) {
            this.server = server;
            server.setExecutor(threads);
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().add("x-ms-request-id", UUID.randomUUID().toString());
                exchange.getResponseHeaders().add("x-ms-version", "2025-01-05");
                exchange.sendResponseHeaders(202, -1);
                exchange.close();
            });
            server.start();
        }

        static InstantBlobService start() throws IOException {
            return new InstantBlobService(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100));
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }

    private static byte[] pdfOfSize(int size) {
        byte[] start = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] bytes = Arrays.copyOf(start, size);
        Arrays.fill(bytes, start.length, size, (byte) ' ');
        return bytes;
    }

    private static byte[] executableOfSize(int size) {
        byte[] bytes = new byte[size];
        bytes[0] = 'M';
        bytes[1] = 'Z';
        return bytes;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static double percentile(List<Double> values, int percent) {
        List<Double> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }

    private static void deleteQuietly(Path folder) {
        try {
            deleteRecursively(folder);
        } catch (IOException | RuntimeException e) {
            // Best effort when the benchmark is interrupted.
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (var files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
