package com.cpnetwork.documents;

import com.cpnetwork.platform.FieldChecks;

/** {@code PATCH /v1/kycDocuments/{id}/review}: approve or reject a validated KYC document; a rejection needs a reason. */
public record KycReview(Decision decision, String reason) {

    public enum Decision {
        APPROVED, REJECTED
    }

    public KycReview {
        new FieldChecks().required("decision", decision)
                .text("reason", reason, 1000)
                .check(decision != Decision.REJECTED || reason != null && !reason.isBlank(), "reason", "is required to reject")
                .verify();
    }
}
