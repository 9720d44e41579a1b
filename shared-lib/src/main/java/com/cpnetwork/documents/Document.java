package com.cpnetwork.documents;

import java.time.Instant;
import java.util.UUID;

/**
 * A document as the API shows it: what was declared when the upload link was handed out and what became of the file.
 * {@code customerId} is set for KYC documents, {@code leadId} for lead documents.
 *
 * @param sizeBytes     the declared size, which the uploaded file had to match
 * @param invalidReason why the file was refused, when {@code status} is INVALID
 * @param reviewReason  the reviewer's reason, for a reviewed KYC document
 * @param uploadedAt    when the file arrived in storage
 */
public record Document(
        UUID id,
        DocumentKind kind,
        UUID customerId,
        String leadId,
        String docType,
        String fileName,
        String contentType,
        long sizeBytes,
        DocumentStatus status,
        InvalidReason invalidReason,
        String reviewReason,
        UUID reviewedBy,
        Instant reviewedAt,
        Instant uploadedAt,
        UUID createdBy,
        Instant createdAt,
        Instant updatedAt) {
}
