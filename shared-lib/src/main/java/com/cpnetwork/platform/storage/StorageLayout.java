package com.cpnetwork.platform.storage;

import java.util.List;

/** The containers and queues the application uses; the setup step creates them. */
public final class StorageLayout {

    /** Where apps upload files through short-lived links; the upload validator watches it. */
    public static final String UPLOADS = "uploads";
    /** Validated documents, kept for the retention period; only the upload validator writes here. */
    public static final String DOCUMENTS = "documents";
    /** Generated quotation proposals. */
    public static final String PROPOSALS = "proposals";
    /** Exports (the audit trail as CSV), fetched through a short-lived link and removed after a day. */
    public static final String EXPORTS = "exports";

    /** Email and SMS to send. */
    public static final String NOTIFICATIONS = "notifications";
    /** Quotation PDFs to render. */
    public static final String PDF_JOBS = "pdf-jobs";

    static final List<String> CONTAINERS = List.of(UPLOADS, DOCUMENTS, PROPOSALS, EXPORTS);
    static final List<String> QUEUES = List.of(NOTIFICATIONS, PDF_JOBS);

    private StorageLayout() {
    }
}
