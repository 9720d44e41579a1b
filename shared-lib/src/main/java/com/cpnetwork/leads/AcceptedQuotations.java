package com.cpnetwork.leads;

import java.math.BigDecimal;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * What the lead pipeline asks the quotations feature: has the customer accepted a quotation for this lead, and on
 * what terms. Quotations implement it; the composition root connects the two.
 */
@FunctionalInterface
public interface AcceptedQuotations {

    /** The accepted quotation of a lead, read in the caller's transaction. */
    Optional<AcceptedQuotation> findFor(Handle handle, String leadId);

    /** The accepted version of a quotation: the commission base and margin it was accepted with. */
    record AcceptedQuotation(String quotationId, int version, BigDecimal systemPrice, BigDecimal marginPercent) {
    }
}
