package com.cpnetwork.localruntime;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import java.util.Map;
import java.util.TreeMap;

/**
 * Blob receipts where the host keeps them, in the {@code azure-webjobs-hosts} container at
 * {@code blobreceipts/<hostId>/<functionId>/<etag>/<container>/<blob>}: a finished receipt means that version of
 * the blob was handled (or given up on) and must not fire again; an incomplete one counts failed attempts.
 */
final class BlobReceipts {
    static final String CONTAINER = "azure-webjobs-hosts";
    private static final String INCOMPLETE = "Incomplete";
    private static final String FAILURES = "FailureCount";

    private final BlobContainerClient hosts;
    private final String hostId;
    private volatile boolean containerExists;

    BlobReceipts(BlobContainerClient hosts, String hostId) {
        this.hosts = hosts;
        this.hostId = hostId;
    }

    /** What is known about this version of the blob. */
    Receipt read(String functionId, String container, String blob, String etag) {
        try {
            Map<String, String> metadata = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            metadata.putAll(receipt(functionId, container, blob, etag).getProperties().getMetadata());
            return new Receipt(!Boolean.parseBoolean(metadata.get(INCOMPLETE)), Integer.parseInt(metadata.getOrDefault(FAILURES, "0")));
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return new Receipt(false, 0);
            }
            throw e;
        }
    }

    void markFailed(String functionId, String container, String blob, String etag, int failures) {
        write(functionId, container, blob, etag, Map.of(INCOMPLETE, "true", FAILURES, Integer.toString(failures)));
    }

    void markDone(String functionId, String container, String blob, String etag) {
        write(functionId, container, blob, etag, Map.of());
    }

    private void write(String functionId, String container, String blob, String etag, Map<String, String> metadata) {
        if (!containerExists) {
            hosts.createIfNotExists();
            containerExists = true;
        }
        receipt(functionId, container, blob, etag).uploadWithResponse(
                new BlobParallelUploadOptions(BinaryData.fromBytes(new byte[0])).setMetadata(metadata), null, Context.NONE);
    }

    private BlobClient receipt(String functionId, String container, String blob, String etag) {
        return hosts.getBlobClient(String.join("/", "blobreceipts", hostId, functionId, etag.replace("\"", ""), container, blob));
    }

    /**
     * @param done     this version was handled, or failed too often; it must not fire again
     * @param failures failed attempts so far
     */
    record Receipt(boolean done, int failures) {
    }
}
