package com.cpnetwork.documents;

import com.cpnetwork.audit.AuditEntry;
import com.cpnetwork.audit.AuditTrail;
import com.cpnetwork.audit.EntityType;
import com.cpnetwork.documents.DocumentBlobs.BlobName;
import com.cpnetwork.documents.UploadValidator.Arrival;
import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.db.TransactionScope;
import com.cpnetwork.platform.errors.NotFound;
import com.cpnetwork.platform.errors.Unauthorized;
import com.cpnetwork.platform.security.Secrets;
import com.cpnetwork.platform.storage.StorageLayout;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when an upload lands: the blob-triggered validator ({@link #inspect}) and, with malware scanning on, the
 * scan's verdict ({@link #recordScanResult}). A file is judged by {@link UploadValidator} on its properties and at most
 * its first 64 KiB; a good one is copied server-side into the documents container (where no link can overwrite it) and
 * the document turns VALID, a bad one is deleted and the document turns INVALID with the reason.
 *
 * <p>Each blob version (ETag) is handled once in effect, however often the trigger fires: every state change is a
 * guarded update naming the version, so a duplicate run changes nothing, and a newer upload through the same link
 * is validated on its own. Uploads that arrive for a document already decided, for no document, or after their link
 * expired, are deleted. Runs in the document's organization scope, taken from the blob name we generated. Thread-safe.
 */
public final class UploadInspection {

    private static final Logger log = LoggerFactory.getLogger(UploadInspection.class);

    private final Database database;
    private final DocumentRepository documents = new DocumentRepository();
    private final DocumentBlobs blobs;
    private final AuditTrail audit;
    private final DocumentSettings settings;
    private final Clock clock;

    UploadInspection(Database database, DocumentBlobs blobs, AuditTrail audit, DocumentSettings settings, Clock clock) {
        this.database = database;
        this.blobs = blobs;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
    }

    /** The malware scan's verdict on one blob version. */
    public enum ScanOutcome {
        CLEAN, MALICIOUS, NOT_SCANNED;

        /** Defender for Storage's {@code scanResultType}: "No threats found", "Malicious", or an error / not scanned. */
        public static ScanOutcome of(String scanResultType) {
            if ("No threats found".equalsIgnoreCase(scanResultType)) {
                return CLEAN;
            }
            return "Malicious".equalsIgnoreCase(scanResultType) ? MALICIOUS : NOT_SCANNED;
        }
    }

    /** An upload was created or overwritten under {@code blobName} in the uploads container. */
    public void inspect(String blobName) {
        Optional<BlobName> target = DocumentBlobs.parse(blobName);
        if (target.isEmpty()) {
            log.warn("An upload whose name no document has was deleted");
            blobs.discardAnyUpload(blobName);
            return;
        }
        Optional<Arrival> arrival = blobs.arrival(blobName);
        if (arrival.isEmpty()) {
            return;
        }
        String etag = arrival.get().etag();
        Optional<StoredDocument> admitted = inOrganization(target.get().orgId(), handle -> admit(handle, target.get().documentId(), arrival.get()));
        if (admitted.isEmpty()) {
            log.info("An upload for document {} was deleted: no document waits for it", target.get().documentId());
            blobs.discardUpload(blobName, etag);
            return;
        }
        StoredDocument document = admitted.get();
        Optional<InvalidReason> refusal = UploadValidator.refusedUnread(arrival.get(), document.sizeBytes());
        if (refusal.isEmpty()) {
            Optional<byte[]> head = blobs.head(blobName, etag);
            if (head.isEmpty()) {
                return; // replaced or deleted meanwhile: a newer version is inspected on its own
            }
            refusal = UploadValidator.judgeContent(document.declaredType(), head.get()).refusal();
        }
        if (refusal.isPresent()) {
            refuse(document, etag, refusal.get(), arrival.get().lastModified());
        } else if (!settings.malwareScanning() || scannedClean(document, etag)) {
            keep(document, etag);
        }
    }

    /**
     * Lets a scan-result delivery in: 404 while malware scanning is off (the webhook does not exist then), 401 unless
     * {@code presented} is the webhook's key.
     */
    public void authenticateScanResults(Optional<String> presented) {
        if (!settings.malwareScanning() || settings.webhookKey().isEmpty()) {
            throw new NotFound("This endpoint");
        }
        if (presented.isEmpty() || !Secrets.sameSecret(settings.webhookKey().get(), presented.get())) {
            throw new Unauthorized("INVALID_WEBHOOK_KEY", "The webhook key is missing or wrong");
        }
    }

    /**
     * Defender for Storage's verdict on version {@code etag} of the blob at {@code blobUri}. Clean: the file becomes
     * VALID once its content checks passed too, whichever comes second. Malicious or not scanned: the upload is deleted
     * and the document turns INVALID. Verdicts on other containers, or on versions no longer being validated, change
     * nothing (a bad version is deleted anyway).
     */
    public void recordScanResult(URI blobUri, String etag, ScanOutcome outcome) {
        Optional<String> blobName = uploadBlobName(blobUri);
        Optional<BlobName> target = blobName.flatMap(DocumentBlobs::parse);
        if (target.isEmpty() || etag == null || etag.isBlank()) {
            return;
        }
        String version = etag.replace("\"", "");
        Instant now = clock.instant();
        Optional<StoredDocument> current = inOrganization(target.get().orgId(), handle -> {
            Optional<StoredDocument> document = documents.find(handle, target.get().documentId(), true)
                    .filter(found -> !found.deleted())
                    .filter(found -> found.status() == DocumentStatus.AWAITING_UPLOAD
                            || found.status() == DocumentStatus.VALIDATING && version.equals(found.uploadEtag()));
            if (document.isPresent() && outcome == ScanOutcome.CLEAN) {
                documents.markScanClean(handle, document.get().id(), version);
            }
            return document;
        });
        if (current.isEmpty()) {
            if (outcome != ScanOutcome.CLEAN) {
                blobs.discardUpload(blobName.get(), version);
            }
        } else if (outcome != ScanOutcome.CLEAN) {
            refuse(current.get(), version, outcome == ScanOutcome.MALICIOUS ? InvalidReason.MALWARE_FOUND : InvalidReason.SCAN_FAILED, now);
        } else if (current.get().status() == DocumentStatus.VALIDATING && version.equals(current.get().checkedEtag())) {
            keep(current.get(), version);
        }
    }

    /**
     * Whether the arrival is for a document waiting for it, uploaded before its link expired and inspected within the
     * grace after: then the document is VALIDATING that version. Empty when the upload must go.
     */
    private Optional<StoredDocument> admit(Handle handle, UUID id, Arrival arrival) {
        Optional<StoredDocument> found = documents.find(handle, id, true).filter(document -> !document.deleted());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        StoredDocument before = found.get();
        if (before.status() == DocumentStatus.VALIDATING && arrival.etag().equals(before.uploadEtag())) {
            return found;
        }
        Instant now = clock.instant();
        boolean waiting = before.status() == DocumentStatus.AWAITING_UPLOAD || before.status() == DocumentStatus.VALIDATING;
        boolean inTime = !arrival.lastModified().isAfter(before.linkExpiresAt())
                && now.isBefore(before.linkExpiresAt().plus(DocumentService.ARRIVAL_GRACE));
        if (!waiting || !inTime) {
            return Optional.empty();
        }
        documents.startValidating(handle, id, arrival.etag(), arrival.lastModified(), now);
        StoredDocument after = documents.find(handle, id, false).orElseThrow();
        audit.record(handle, AuditEntry.changed(before.orgId(), null, "DOCUMENT_UPLOADED", EntityType.DOCUMENT, id.toString(),
                before.view(), after.view()));
        return Optional.of(after);
    }

    /** Records that version {@code etag} passed the content checks; true when the scan already found it clean. */
    private boolean scannedClean(StoredDocument document, String etag) {
        return inOrganization(document.orgId(), handle -> documents.find(handle, document.id(), true)
                .filter(found -> found.status() == DocumentStatus.VALIDATING && etag.equals(found.uploadEtag()))
                .map(found -> {
                    documents.markChecked(handle, found.id(), etag);
                    return etag.equals(found.scanCleanEtag());
                }).orElse(false));
    }

    /**
     * Copies version {@code etag} into the documents container, then turns the document VALID if it is still validating
     * that version. When it was deleted or refused meanwhile, the copy is removed again.
     */
    private void keep(StoredDocument document, String etag) {
        String name = document.blobName();
        if (!blobs.keep(name, etag)) {
            return; // replaced or deleted meanwhile
        }
        boolean copyUnwanted = inOrganization(document.orgId(), handle -> {
            Optional<StoredDocument> before = documents.find(handle, document.id(), true);
            if (before.isPresent() && documents.markValid(handle, document.id(), etag, clock.instant()) == 1) {
                audit.record(handle, AuditEntry.changed(document.orgId(), null, "DOCUMENT_VALIDATED", EntityType.DOCUMENT,
                        document.id().toString(), before.get().view(), documents.find(handle, document.id(), false).orElseThrow().view()));
                log.info("Document {} is valid", document.id());
                return false;
            }
            return before.map(found -> found.deleted() || found.status() == DocumentStatus.INVALID).orElse(true);
        });
        if (copyUnwanted) {
            blobs.removeKept(name);
        }
        blobs.discardUpload(name, etag);
    }

    /** Deletes version {@code etag} of the upload and turns the document INVALID, if it is still validating that version. */
    private void refuse(StoredDocument document, String etag, InvalidReason reason, Instant uploadedAt) {
        String name = document.blobName();
        blobs.discardUpload(name, etag);
        boolean refused = inOrganization(document.orgId(), handle -> {
            Optional<StoredDocument> before = documents.find(handle, document.id(), true);
            if (before.isEmpty() || documents.markInvalid(handle, document.id(), etag, reason, uploadedAt, clock.instant()) != 1) {
                return false;
            }
            audit.record(handle, AuditEntry.changed(document.orgId(), null, "DOCUMENT_REFUSED", EntityType.DOCUMENT,
                    document.id().toString(), before.get().view(), documents.find(handle, document.id(), false).orElseThrow().view()));
            return true;
        });
        if (refused) {
            // A reopened KYC document's earlier file, or a copy made by a run that lost a race, must not outlive the refusal.
            blobs.removeKept(name);
            log.info("Document {} is invalid: {}", document.id(), reason);
        }
    }

    private <T> T inOrganization(UUID orgId, HandleCallback<T, RuntimeException> work) {
        return database.inTransaction(TransactionScope.organization(orgId), work);
    }

    /** The blob name below the uploads container of a blob URL ({@code .../uploads/<org>/<id>}), if it is one. */
    static Optional<String> uploadBlobName(URI blobUri) {
        String path = blobUri == null || blobUri.getPath() == null ? "" : blobUri.getPath();
        List<String> segments = List.of(path.split("/"));
        if (segments.size() < 3 || !segments.get(segments.size() - 3).equals(StorageLayout.UPLOADS)) {
            return Optional.empty();
        }
        return Optional.of(segments.get(segments.size() - 2) + "/" + segments.get(segments.size() - 1));
    }
}
