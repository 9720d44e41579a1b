package com.cpnetwork.quotations;

import java.time.Instant;
import java.util.UUID;

/** One frozen version of a quotation: its content hash, its proposal's hash once rendered, and who froze it why. */
public record QuotationVersion(int version, String contentSha256, String pdfStatus, String pdfSha256, Instant frozenAt, UUID frozenBy,
                               String overrideReason, QuotationContent content) {

    /** The version as a customer may see it: without the margin. */
    QuotationVersion withoutMargin() {
        return new QuotationVersion(version, contentSha256, pdfStatus, pdfSha256, frozenAt, frozenBy, overrideReason, content.withoutMargin());
    }
}
