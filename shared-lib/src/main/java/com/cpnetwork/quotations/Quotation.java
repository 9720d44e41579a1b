package com.cpnetwork.quotations;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A quotation as the API shows it. Amounts are decimal strings with two decimals. A frozen quotation shows its
 * current version; a draft shows what its author saved, with totals computed the same way. Customers never see the
 * margin ({@code marginPercent} is left out for them).
 *
 * @param pdfStatus {@code PENDING}, {@code READY} or {@code FAILED} for a frozen quotation; absent for a draft
 */
public record Quotation(String id, String leadId, QuotationStatus status, Integer version, String systemPrice,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String marginPercent, List<QuotationContent.Line> lineItems,
                        Totals totals, LocalDate validUntil, String contentSha256, String pdfStatus, String pdfSha256, UUID authorId,
                        Instant sharedAt, Instant decidedAt, String rejectReason, Instant createdAt, Instant updatedAt) {

    public Quotation {
        lineItems = List.copyOf(lineItems);
    }

    /** The totals of a quotation: taxable value, the GST split the supply calls for, and the grand total. */
    public record Totals(String taxBasis, String taxable, String cgst, String sgst, String igst, String grandTotal,
                         List<QuotationContent.Tax> byRate) {
    }

    /** The same quotation without what customers must not see. */
    Quotation forCustomer() {
        return new Quotation(id, leadId, status, version, systemPrice, null, lineItems, totals, validUntil, contentSha256, pdfStatus,
                pdfSha256, authorId, sharedAt, decidedAt, rejectReason, createdAt, updatedAt);
    }
}
