package com.cpnetwork.documents;

import java.time.Instant;
import java.util.UUID;

/**
 * A documents row: the API's view plus what only the server uses (the blob versions being validated, the link's
 * expiry, the deletion).
 */
record StoredDocument(
        UUID id,
        UUID orgId,
        DocumentKind kind,
        UUID customerId,
        String leadId,
        String docType,
        String fileName,
        FileType declaredType,
        long sizeBytes,
        DocumentStatus status,
        InvalidReason invalidReason,
        String uploadEtag,
        String checkedEtag,
        String scanCleanEtag,
        Instant linkExpiresAt,
        Instant uploadedAt,
        String reviewReason,
        UUID reviewedBy,
        Instant reviewedAt,
        UUID createdBy,
        Instant createdAt,
        Instant updatedAt,
        Instant deletedAt) {

    Document view() {
        return new Document(id, kind, customerId, leadId, docType, fileName, declaredType.mediaType(), sizeBytes, status,
                invalidReason, reviewReason, reviewedBy, reviewedAt, uploadedAt, createdBy, createdAt, updatedAt);
    }

    boolean deleted() {
        return deletedAt != null;
    }

    /** The blob name of this document, the same in the uploads and the documents container. */
    String blobName() {
        return DocumentBlobs.nameOf(orgId, id);
    }
}
