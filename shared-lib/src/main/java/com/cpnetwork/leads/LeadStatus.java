package com.cpnetwork.leads;

/** Where a lead is in the sales pipeline, in pipeline order; {@link #LOST} stands beside it. */
public enum LeadStatus {
    NEW, IN_DISCUSSION, PHYSICAL_MEETING, CUSTOMER_ACCEPTED, WON, EXECUTED, LOST;

    /** Executed and lost leads are closed: changing them takes an override. */
    public boolean isTerminal() {
        return this == EXECUTED || this == LOST;
    }
}
