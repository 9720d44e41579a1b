package com.cpnetwork.leads;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A new lead, with the open leads of the same customer phone that may be the same enquiry. */
public record CreatedLead(@JsonUnwrapped Lead lead, List<PossibleDuplicate> possibleDuplicates) {

    /** An open lead with the same customer phone. */
    public record PossibleDuplicate(String id, LeadStatus status, UUID cpId, Instant createdAt) {
    }
}
