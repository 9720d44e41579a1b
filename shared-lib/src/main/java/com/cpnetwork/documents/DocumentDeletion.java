package com.cpnetwork.documents;

import com.cpnetwork.platform.FieldChecks;

/** {@code DELETE /v1/documents/{id}}: an admin removes a document, saying why. */
public record DocumentDeletion(String reason) {

    public DocumentDeletion {
        new FieldChecks().required("reason", reason).text("reason", reason, 1000).verify();
    }
}
