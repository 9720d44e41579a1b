package com.cpnetwork.commissions;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * One entry of a CP's commissions, as the API shows it: what was earned on a lead's accepted quotation (or taken
 * back), its state, and once paid the bank reference. {@code history} is present on a single entry, absent in lists.
 */
public record Commission(String id, CommissionKind kind, String leadId, String quotationId, int quotationVersion, UUID cpId,
                         String amount, CommissionStatus status, String utr, LocalDate paidOn, String reverses, Instant reversedAt,
                         Instant createdAt, Instant updatedAt, @JsonInclude(JsonInclude.Include.NON_NULL) List<Change> history) {

    /** One change of the entry: a status move or an admin's overwrite, who made it, when and why. */
    public record Change(String action, CommissionStatus from, CommissionStatus to, UUID actorId, Instant at, String reason,
                         Object details) {
    }

    Commission withHistory(List<Change> changes) {
        return new Commission(id, kind, leadId, quotationId, quotationVersion, cpId, amount, status, utr, paidOn, reverses, reversedAt,
                createdAt, updatedAt, List.copyOf(changes));
    }
}
