package com.cpnetwork.documents;

import com.azure.core.http.RequestConditions;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.BlobType;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.options.BlobCopyFromUrlOptions;
import com.cpnetwork.documents.UploadValidator.Arrival;
import com.cpnetwork.platform.errors.Unavailable;
import com.cpnetwork.platform.storage.Storage;
import com.cpnetwork.platform.storage.StorageLayout;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The two blobs of a document, both named {@code <org id>/<document id>}: the upload in {@value StorageLayout#UPLOADS},
 * written through a link, and the kept file in {@value StorageLayout#DOCUMENTS}, which only the validator writes (a
 * server-side copy of a validated upload). A file never passes through this process: at most the first
 * {@link UploadValidator#HEAD_BYTES} of an upload are read. Thread-safe.
 */
final class DocumentBlobs {

    /** How long an upload link works: long enough for 10 MB over a slow mobile network, short for a leaked link. */
    static final Duration UPLOAD_LINK_VALIDITY = Duration.ofMinutes(10);
    static final Duration DOWNLOAD_LINK_VALIDITY = Duration.ofMinutes(10);
    /**
     * No call passes a timeout of its own: the SDK runs a call with one on azure-core's shared thread pool, where the
     * retry policy's per-try timeout (10 s, see {@link Storage}) queues more work, so twenty validations at once starved
     * the pool. Without one, a call runs on the caller's thread and the per-try timeout bounds it.
     */
    private static final Duration NO_TIMEOUT = null;
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Storage storage;
    private final Clock clock;

    DocumentBlobs(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /** Which document a blob name names. */
    record BlobName(UUID orgId, UUID documentId) {
    }

    static String nameOf(UUID orgId, UUID documentId) {
        return orgId + "/" + documentId;
    }

    /** The organization and document of a blob name we generated; empty for any other name. */
    static Optional<BlobName> parse(String name) {
        String[] parts = name == null ? new String[0] : name.split("/", -1);
        if (parts.length != 2 || !UUID_TEXT.matcher(parts[0]).matches() || !UUID_TEXT.matcher(parts[1]).matches()) {
            return Optional.empty();
        }
        return Optional.of(new BlobName(UUID.fromString(parts[0]), UUID.fromString(parts[1])));
    }

    Storage.BlobLink linkToUpload(String name) {
        try {
            return storage.linkToCreate(StorageLayout.UPLOADS, name, UPLOAD_LINK_VALIDITY, clock.instant());
        } catch (RuntimeException e) {
            throw new Unavailable("storage", e);
        }
    }

    /** A read-only link to the kept file, served as its validated type and as an attachment named {@code fileName}. */
    DownloadLink linkToDownload(String name, FileType type, String fileName) {
        try {
            Storage.BlobLink link = storage.linkToDownload(StorageLayout.DOCUMENTS, name, type.mediaType(), attachment(fileName),
                    DOWNLOAD_LINK_VALIDITY, clock.instant());
            return new DownloadLink(link.url(), link.expiresAt());
        } catch (RuntimeException e) {
            throw new Unavailable("storage", e);
        }
    }

    /** What storage reports about the upload now, or empty when there is none. */
    Optional<Arrival> arrival(String name) {
        try {
            BlobProperties properties = upload(name).getPropertiesWithResponse(null, NO_TIMEOUT, Context.NONE).getValue();
            return Optional.of(new Arrival(unquoted(properties.getETag()), properties.getBlobSize(),
                    properties.getBlobType() == BlobType.BLOCK_BLOB, properties.getLastModified().toInstant()));
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The first bytes of version {@code etag} of the upload (one range request, at most
     * {@link UploadValidator#HEAD_BYTES}); empty when that version was replaced or deleted meanwhile.
     */
    Optional<byte[]> head(String name, String etag) {
        ByteArrayOutputStream head = new ByteArrayOutputStream(UploadValidator.HEAD_BYTES);
        try {
            upload(name).downloadStreamWithResponse(head, new BlobRange(0, (long) UploadValidator.HEAD_BYTES), null,
                    new BlobRequestConditions().setIfMatch(quoted(etag)), false, NO_TIMEOUT, Context.NONE);
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404 || e.getStatusCode() == 412) {
                return Optional.empty();
            }
            throw e;
        }
        byte[] bytes = head.toByteArray();
        if (bytes.length > UploadValidator.HEAD_BYTES) {
            throw new IllegalStateException("Storage answered a range request with more than the range");
        }
        return Optional.of(bytes);
    }

    /**
     * Keeps version {@code etag} of the upload: a server-side copy into the documents container, from a short read
     * link, only while the upload is still that version. False when it was replaced or deleted meanwhile.
     */
    boolean keep(String name, String etag) {
        String source = storage.linkToRead(StorageLayout.UPLOADS, name, Duration.ofMinutes(5), clock.instant()).url().toString();
        try {
            kept(name).copyFromUrlWithResponse(new BlobCopyFromUrlOptions(source)
                    .setSourceRequestConditions(new RequestConditions().setIfMatch(quoted(etag))), NO_TIMEOUT, Context.NONE);
            return true;
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404 || e.getStatusCode() == 412) {
                return false;
            }
            throw e;
        }
    }

    /** Deletes version {@code etag} of the upload; a newer version, or none, is left as it is. */
    void discardUpload(String name, String etag) {
        try {
            upload(name).deleteWithResponse(DeleteSnapshotsOptionType.INCLUDE, new BlobRequestConditions().setIfMatch(quoted(etag)),
                    NO_TIMEOUT, Context.NONE);
        } catch (BlobStorageException e) {
            if (e.getStatusCode() != 404 && e.getStatusCode() != 412) {
                throw e;
            }
        }
    }

    /** Deletes whatever upload there is under {@code name}, whoever wrote it. */
    void discardAnyUpload(String name) {
        upload(name).deleteIfExistsWithResponse(DeleteSnapshotsOptionType.INCLUDE, null, NO_TIMEOUT, Context.NONE);
    }

    /** Deletes the kept file, if any. */
    void removeKept(String name) {
        kept(name).deleteIfExistsWithResponse(DeleteSnapshotsOptionType.INCLUDE, null, NO_TIMEOUT, Context.NONE);
    }

    /** Deletes both blobs of a document; throws when storage fails, so the caller can try again later. */
    void removeAll(String name) {
        removeKept(name);
        discardAnyUpload(name);
    }

    private BlobClient upload(String name) {
        return storage.container(StorageLayout.UPLOADS).getBlobClient(name);
    }

    private BlobClient kept(String name) {
        return storage.container(StorageLayout.DOCUMENTS).getBlobClient(name);
    }

    /** {@code attachment} with the name both as plain ASCII (others replaced) and in RFC 5987 form for the rest. */
    static String attachment(String fileName) {
        String ascii = fileName.replaceAll("[^A-Za-z0-9._ -]", "_");
        String encoded = URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    private static String unquoted(String etag) {
        return etag.replace("\"", "");
    }

    private static String quoted(String etag) {
        return "\"" + etag + "\"";
    }
}
