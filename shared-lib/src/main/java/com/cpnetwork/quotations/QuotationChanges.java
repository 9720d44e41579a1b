package com.cpnetwork.quotations;

import com.cpnetwork.platform.FieldChecks;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code PATCH /v1/quotations/{id}}: new terms (absent fields stay as they are; {@code lineItems: []} removes the
 * lines), {@code status: FINAL} to finalize a draft, and for a frozen quotation an admin's {@code override} with its
 * reason.
 */
public record QuotationChanges(BigDecimal systemPrice, BigDecimal marginPercent, List<LineItem> lineItems, LocalDate validUntil,
                               QuotationStatus status, boolean override, String overrideReason) {

    public QuotationChanges {
        FieldChecks checks = new FieldChecks()
                .decimal("systemPrice", systemPrice, QuotationTerms.SYSTEM_PRICE)
                .decimal("marginPercent", marginPercent, QuotationTerms.MARGIN_PERCENT)
                .check(status == null || status == QuotationStatus.FINAL, "status", "can only be set to FINAL here; sharing, accepting and"
                        + " rejecting have their own endpoints")
                .check(!override || overrideReason != null && !overrideReason.isBlank(), "overrideReason", "is required with override")
                .text("overrideReason", overrideReason, 1000);
        if (lineItems != null) {
            QuotationTerms.check(checks, BigDecimal.ONE, BigDecimal.ONE, lineItems);
        }
        checks.verify();
    }

    /** The terms after these changes. */
    QuotationTerms applyTo(QuotationTerms terms) {
        return new QuotationTerms(systemPrice != null ? systemPrice : terms.systemPrice(),
                marginPercent != null ? marginPercent : terms.marginPercent(),
                lineItems != null ? lineItems : terms.lineItems(), validUntil != null ? validUntil : terms.validUntil());
    }

    /** True when nothing but the status (or nothing at all) is asked to change. */
    boolean changesNoTerms() {
        return systemPrice == null && marginPercent == null && lineItems == null && validUntil == null;
    }
}
