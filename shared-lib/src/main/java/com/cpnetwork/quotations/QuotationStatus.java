package com.cpnetwork.quotations;

/**
 * Where a quotation is: {@code DRAFT → FINAL → SHARED → ACCEPTED}, or {@code REJECTED} by the customer, or
 * {@code WITHDRAWN} when another quotation of the lead was accepted.
 */
public enum QuotationStatus {
    DRAFT, FINAL, SHARED, ACCEPTED, REJECTED, WITHDRAWN;

    /** Final and shared quotations are frozen: changing them takes an admin's override and makes a new version. */
    public boolean isFrozen() {
        return this == FINAL || this == SHARED;
    }

    /** Accepted, rejected and withdrawn quotations are decided: nothing changes them any more. */
    public boolean isDecided() {
        return this == ACCEPTED || this == REJECTED || this == WITHDRAWN;
    }
}
