package com.cpnetwork.quotations;

import com.cpnetwork.leads.AcceptedQuotations;
import java.math.BigDecimal;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The quotations feature's answer to the lead pipeline: a lead's accepted quotation and the terms it was accepted on. */
public final class LeadsAcceptedQuotations implements AcceptedQuotations {

    private final QuotationRepository quotations = new QuotationRepository();

    @Override
    public Optional<AcceptedQuotation> findFor(Handle handle, String leadId) {
        return quotations.acceptedContent(handle, leadId).map(content -> new AcceptedQuotation(content.quotationId(), content.version(),
                new BigDecimal(content.systemPrice()), new BigDecimal(content.marginPercent())));
    }
}
