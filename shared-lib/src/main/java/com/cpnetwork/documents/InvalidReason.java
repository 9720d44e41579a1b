package com.cpnetwork.documents;

/** Why an upload was refused; shown as a document's {@code invalidReason}. */
public enum InvalidReason {
    /** The blob holds no bytes. */
    EMPTY_FILE,
    /** The blob is larger than {@link UploadValidator#MAX_SIZE_BYTES}. */
    TOO_LARGE,
    /** The blob's size is not the {@code sizeBytes} declared with the link. */
    SIZE_MISMATCH,
    /** The blob was written as an append or page blob, not as a file (block blob). */
    NOT_A_FILE,
    /** The content is not a PDF, JPEG or PNG (an executable, a text file, ...), whatever its name. */
    UNSUPPORTED_CONTENT,
    /** The content is a PDF, JPEG or PNG, but not the type declared (a PNG renamed .pdf, say). */
    TYPE_MISMATCH,
    /** A PDF whose first 64 KiB hold active content: JavaScript, a launch action or an embedded file. */
    ACTIVE_CONTENT,
    /** The malware scan found a threat. */
    MALWARE_FOUND,
    /** The malware scan could not scan the file. */
    SCAN_FAILED,
    /**
     * No verdict came within {@link DocumentRetention#VALIDATING_AT_MOST}: every validation attempt failed, or the
     * malware scan's result never arrived. The upload is deleted; the file may be uploaded again under a new link.
     */
    VALIDATION_TIMED_OUT
}
