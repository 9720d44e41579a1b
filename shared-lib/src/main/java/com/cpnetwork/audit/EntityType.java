package com.cpnetwork.audit;

/** The kinds of record the audit trail follows. */
public enum EntityType {
    ORGANIZATION, USER, LEAD, QUOTATION, DOCUMENT, COMMISSION
}
