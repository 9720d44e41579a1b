package com.cpnetwork.documents;

/** A customer's KYC document, or a file of a lead. */
public enum DocumentKind {
    KYC, LEAD
}
