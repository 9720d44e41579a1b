package com.cpnetwork.localruntime;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobItemProperties;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.queue.QueueClient;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A blob trigger served by listing its container every scan interval. Each blob version (ETag) fires once, kept so by
 * {@link BlobReceipts} across restarts; a version that fails {@value #MAX_ATTEMPTS} times is reported to the
 * {@code webjobs-blobtrigger-poison} queue and left alone. Event Grid-sourced triggers are served the same way.
 */
final class BlobScanner implements TriggerListener {
    static final int MAX_ATTEMPTS = 5;
    private static final Logger log = LoggerFactory.getLogger(BlobScanner.class);
    private static final String BLOB_CLIENT = "com.azure.storage.blob.BlobClient";

    private final FunctionInvoker function;
    private final String functionId;
    private final BlobPathPattern path;
    private final BlobContainerClient container;
    private final String connectionString;
    private final BlobReceipts receipts;
    private final QueueClient poisonQueue;
    private final ObjectMapper json;
    private final Duration interval;
    private final Duration shutdownTimeout;
    /** Blob name to the ETag already handled, so a scan asks storage about new versions only. */
    private final Map<String, String> handled = new ConcurrentHashMap<>();
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers;
    private final Thread scanner;
    private final CountDownLatch stopping = new CountDownLatch(1);

    /** The poison queue client must base64-encode, as queue triggers expect. */
    BlobScanner(FunctionInvoker function, BlobPathPattern path, BlobContainerClient container, String connectionString,
                BlobReceipts receipts, QueueClient poisonQueue, ObjectMapper json, int concurrency, Duration interval,
                Duration shutdownTimeout) {
        this.function = function;
        this.functionId = "Host.Functions." + function.name();
        this.path = path;
        this.container = container;
        this.connectionString = connectionString;
        this.receipts = receipts;
        this.poisonQueue = poisonQueue;
        this.json = json;
        this.interval = interval;
        this.shutdownTimeout = shutdownTimeout;
        this.workers = Workers.pool("blob-" + function.name(), concurrency);
        this.scanner = Workers.thread("blob-scanner-" + function.name(), this::scanUntilStopped);
    }

    @Override
    public void start() {
        scanner.start();
    }

    @Override
    public void close() {
        stopping.countDown();
        Workers.join(scanner, shutdownTimeout);
        Workers.drain(workers, shutdownTimeout, "Functions." + function.name());
    }

    private void scanUntilStopped() {
        try {
            do {
                try {
                    scan();
                } catch (RuntimeException e) {
                    log.warn("Scanning container '{}' for Functions.{} failed: {}", path.container(), function.name(), e.toString());
                }
            } while (!stopping.await(interval.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void scan() {
        ListBlobsOptions options = new ListBlobsOptions().setPrefix(path.prefix())
                .setDetails(new BlobListDetails().setRetrieveMetadata(true));
        try {
            for (BlobItem blob : container.listBlobs(options, null)) {
                if (stopping.getCount() == 0) {
                    return;
                }
                path.match(blob.getName()).ifPresent(parts -> submit(blob, parts));
            }
        } catch (BlobStorageException e) {
            // A container that does not exist yet has no blobs to trigger on.
            if (e.getStatusCode() != 404) {
                throw e;
            }
        }
    }

    private void submit(BlobItem blob, Map<String, String> parts) {
        String etag = blob.getProperties().getETag();
        String version = blob.getName() + "\n" + etag;
        if (etag.equals(handled.get(blob.getName())) || !running.add(version)) {
            return;
        }
        workers.execute(() -> {
            try {
                handle(blob, etag, parts);
            } catch (RuntimeException e) {
                log.warn("Handling blob '{}/{}' for Functions.{} failed: {}", path.container(), blob.getName(), function.name(), e.toString());
            } finally {
                running.remove(version);
            }
        });
    }

    private void handle(BlobItem blob, String etag, Map<String, String> parts) {
        String name = blob.getName();
        BlobReceipts.Receipt receipt = receipts.read(functionId, path.container(), name, etag);
        if (!receipt.done()) {
            try {
                function.invoke(new Invocation(type -> content(name, type), metadata(blob, parts)));
            } catch (FunctionFailedException e) {
                int failures = receipt.failures() + 1;
                if (failures < MAX_ATTEMPTS) {
                    receipts.markFailed(functionId, path.container(), name, etag, failures);
                    return;
                }
                log.warn("Blob '{}/{}' failed {} times in Functions.{}; reporting it to '{}'", path.container(), name, failures,
                        function.name(), poisonQueue.getQueueName());
                poison(blob, etag);
            }
            receipts.markDone(functionId, path.container(), name, etag);
        }
        handled.put(name, etag);
    }

    /** The blob as the parameter wants it: a BlobClient of the app's own SDK without downloading, else the content. */
    private Object content(String name, Type type) throws ReflectiveOperationException {
        Class<?> raw = DataConversion.rawType(type);
        if (raw.getName().equals(BLOB_CLIENT)) {
            // As the worker's BlobClientHydrator does: the app's azure-storage-blob, not the runtime's copy.
            Class<?> builderType = Class.forName("com.azure.storage.blob.BlobClientBuilder", true, raw.getClassLoader());
            Object builder = builderType.getConstructor().newInstance();
            builderType.getMethod("connectionString", String.class).invoke(builder, connectionString);
            builderType.getMethod("containerName", String.class).invoke(builder, path.container());
            builderType.getMethod("blobName", String.class).invoke(builder, name);
            return builderType.getMethod("buildClient").invoke(builder);
        }
        return DataConversion.convert(container.getBlobClient(name).downloadContent().toBytes(), type);
    }

    private Map<String, Object> metadata(BlobItem blob, Map<String, String> parts) {
        BlobItemProperties properties = blob.getProperties();
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("BlobType", String.valueOf(properties.getBlobType()));
        described.put("ContentType", properties.getContentType());
        described.put("ContentEncoding", properties.getContentEncoding());
        described.put("ContentLanguage", properties.getContentLanguage());
        described.put("ContentMD5", properties.getContentMd5() == null ? null : Base64.getEncoder().encodeToString(properties.getContentMd5()));
        described.put("Length", properties.getContentLength());
        described.put("ETag", properties.getETag());
        described.put("Created", String.valueOf(properties.getCreationTime()));
        described.put("LastModified", String.valueOf(properties.getLastModified()));
        Map<String, Object> metadata = new HashMap<>(parts);
        metadata.put("BlobTrigger", path.container() + "/" + blob.getName());
        metadata.put("Uri", container.getBlobClient(blob.getName()).getBlobUrl());
        metadata.put("Properties", toJson(described));
        metadata.put("Metadata", toJson(blob.getMetadata() == null ? Map.of() : blob.getMetadata()));
        return metadata;
    }

    private void poison(BlobItem blob, String etag) {
        Map<String, String> message = new LinkedHashMap<>();
        message.put("Type", "BlobTrigger");
        message.put("FunctionId", functionId);
        message.put("BlobType", String.valueOf(blob.getProperties().getBlobType()));
        message.put("ContainerName", path.container());
        message.put("BlobName", blob.getName());
        message.put("ETag", etag);
        poisonQueue.createIfNotExists();
        poisonQueue.sendMessage(toJson(message));
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
