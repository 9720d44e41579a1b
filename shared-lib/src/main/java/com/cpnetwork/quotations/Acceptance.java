package com.cpnetwork.quotations;

import java.time.Instant;
import java.util.UUID;

/**
 * The evidence of an acceptance: the version and the exact content accepted (its SHA-256), the proposal document
 * the customer could see (its SHA-256, when it had been rendered; its metadata carries the content hash), when, by
 * whom, from which address and program, and whether an admin accepted on the customer's behalf, and why.
 */
public record Acceptance(String quotationId, int version, String contentSha256, String pdfSha256, Instant acceptedAt, UUID acceptedBy,
                         String clientIp, String userAgent, boolean override, String reason) {
}
