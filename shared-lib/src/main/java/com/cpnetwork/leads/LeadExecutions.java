package com.cpnetwork.leads;

import com.cpnetwork.leads.AcceptedQuotations.AcceptedQuotation;
import com.cpnetwork.platform.Caller;
import org.jdbi.v3.core.Handle;

/**
 * What the commissions feature does when a lead is executed, or its execution reversed by an override, in the same
 * transaction as the lead's move. Commissions implement it; the composition root connects the two.
 */
public interface LeadExecutions {

    /** The lead was executed on {@code accepted}: its CP's commission is due. */
    void executed(Handle handle, Caller caller, Lead lead, AcceptedQuotation accepted);

    /** The executed lead was moved back out of EXECUTED: what was due is cancelled, or clawed back if paid. */
    void reversed(Handle handle, Caller caller, Lead lead, String reason);
}
