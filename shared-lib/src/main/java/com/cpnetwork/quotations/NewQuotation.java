package com.cpnetwork.quotations;

import com.cpnetwork.platform.FieldChecks;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code POST /v1/quotations}: a quotation for a lead, saved as a DRAFT or submitted FINAL at once. Totals are never
 * taken from the client; they are computed from the terms.
 */
public record NewQuotation(String leadId, BigDecimal systemPrice, BigDecimal marginPercent, List<LineItem> lineItems,
                           LocalDate validUntil, QuotationStatus status) {

    public NewQuotation {
        FieldChecks checks = new FieldChecks()
                .required("leadId", leadId).text("leadId", leadId, 30)
                .required("status", status)
                .check(status == null || status == QuotationStatus.DRAFT || status == QuotationStatus.FINAL, "status", "must be DRAFT or FINAL");
        QuotationTerms.check(checks, systemPrice, marginPercent, lineItems).verify();
    }

    QuotationTerms terms() {
        return new QuotationTerms(systemPrice, marginPercent, lineItems, validUntil);
    }
}
