package com.cpnetwork.commissions;

/** What an entry is: the commission a CP earned, or a clawback (negative) of a paid one whose sale was reversed. */
public enum CommissionKind {
    COMMISSION, CLAWBACK
}
