package com.cpnetwork.commissions;

/** {@code PENDING → APPROVED → PAID}, or {@code CANCELLED} when the sale is reversed before payment. */
public enum CommissionStatus {
    PENDING, APPROVED, PAID, CANCELLED
}
