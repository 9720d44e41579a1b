package com.cpnetwork.documents;

import com.cpnetwork.platform.FieldChecks;
import java.util.UUID;

/** {@code POST /v1/kycDocuments}: a customer's KYC file to be uploaded. */
public record NewKycDocument(UUID customerId, String docType, String fileName, String contentType, Long sizeBytes) {

    public NewKycDocument {
        FieldChecks checks = new FieldChecks().required("customerId", customerId);
        DeclaredFile.check(checks, docType, fileName, contentType, sizeBytes);
        checks.verify();
    }
}
