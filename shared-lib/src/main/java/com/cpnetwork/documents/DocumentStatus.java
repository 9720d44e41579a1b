package com.cpnetwork.documents;

/**
 * Where a document is: {@code AWAITING_UPLOAD → VALIDATING → VALID | INVALID}; a KYC document is then reviewed,
 * {@code VALID → APPROVED | REJECTED}.
 */
public enum DocumentStatus {
    AWAITING_UPLOAD, VALIDATING, VALID, INVALID, APPROVED, REJECTED;

    /** Only a validated file, not since rejected, may be downloaded. */
    public boolean downloadable() {
        return this == VALID || this == APPROVED;
    }
}
