package com.cpnetwork.documents;

import com.cpnetwork.platform.FieldChecks;

/** {@code POST /v1/leadDocuments}: a file of a lead to be uploaded. */
public record NewLeadDocument(String leadId, String docType, String fileName, String contentType, Long sizeBytes) {

    public NewLeadDocument {
        FieldChecks checks = new FieldChecks().required("leadId", leadId).text("leadId", leadId, 30);
        DeclaredFile.check(checks, docType, fileName, contentType, sizeBytes);
        checks.verify();
    }
}
