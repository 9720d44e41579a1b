package com.cpnetwork.documents;

import com.cpnetwork.platform.FieldChecks;
import java.util.regex.Pattern;

/** The checks on what a client declares about a file it will upload; the content is checked when it arrives. */
final class DeclaredFile {

    /** Document types are codes like {@code AADHAAR}, {@code PAN}, {@code SITE_PHOTO}: capitals, digits, underscores. */
    private static final Pattern DOC_TYPE = Pattern.compile("^[A-Z][A-Z0-9_]{1,49}$");
    static final int LONGEST_FILE_NAME = 255;

    private DeclaredFile() {
    }

    /**
     * Shape only: the name is kept for display and never used as a blob name, but a name with folders or line breaks in
     * it is refused rather than cut, so what is stored is what was sent. Supported type and size are business rules (409), judged by
     * the service.
     */
    static void check(FieldChecks checks, String docType, String fileName, String contentType, Long sizeBytes) {
        checks.required("docType", docType)
                .check(docType == null || DOC_TYPE.matcher(docType).matches(), "docType",
                        "must be a code of 2 to 50 capital letters, digits and underscores, e.g. AADHAAR")
                .required("fileName", fileName)
                .text("fileName", fileName, LONGEST_FILE_NAME)
                .check(fileName == null || fileName.indexOf('/') < 0 && fileName.indexOf('\\') < 0, "fileName",
                        "must be a file name without folders (no / or \\)")
                .check(fileName == null || !fileName.strip().equals(".") && !fileName.strip().equals(".."), "fileName",
                        "must be a file name")
                .check(fileName == null || fileName.chars().noneMatch(Character::isISOControl), "fileName",
                        "must be a file name on one line (no tabs or line breaks)")
                .required("contentType", contentType)
                .text("contentType", contentType, 100)
                .required("sizeBytes", sizeBytes)
                .check(sizeBytes == null || sizeBytes > 0, "sizeBytes", "must be the file's size in bytes, at least 1");
    }
}
