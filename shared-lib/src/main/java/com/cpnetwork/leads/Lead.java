package com.cpnetwork.leads;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A lead as the API shows it. {@code cpId} is empty while a customer's request waits for a CP; {@code customerId}
 * is the organization's CUSTOMER with {@code customerPhone}.
 */
public record Lead(
        String id,
        LeadStatus status,
        UUID cpId,
        UUID customerId,
        String customerName,
        String customerPhone,
        String address,
        String stateCode,
        List<RequestedService> services,
        String remarks,
        LocalDate followUpDate,
        String lostReason,
        String source,
        UUID createdBy,
        Instant statusChangedAt,
        Instant createdAt,
        Instant updatedAt) {

    public Lead {
        services = List.copyOf(services);
    }

    /**
     * The lead after {@code changes} at {@code at}: in {@code target} (a move restarts the time in status and keeps the
     * lost reason only for LOST), with its remarks and follow-up date as changed.
     */
    Lead changedBy(LeadChanges changes, LeadStatus target, Instant at) {
        boolean moves = target != status;
        String reasonLost = target == LeadStatus.LOST ? (moves ? changes.lostReason() : lostReason) : null;
        return new Lead(id, target, cpId, customerId, customerName, customerPhone, address, stateCode, services,
                changes.remarks().orElse(remarks), changes.followUpDate().orElse(followUpDate), reasonLost, source, createdBy,
                moves ? at : statusChangedAt, createdAt, at);
    }

    /** The lead handed to another CP at {@code at}. */
    Lead assignedTo(UUID cp, Instant at) {
        return new Lead(id, status, cp, customerId, customerName, customerPhone, address, stateCode, services, remarks,
                followUpDate, lostReason, source, createdBy, statusChangedAt, createdAt, at);
    }
}
