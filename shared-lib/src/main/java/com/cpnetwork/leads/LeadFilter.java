package com.cpnetwork.leads;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** {@code GET /v1/leads} filters; each absent one matches everything. {@code search} matches name or phone. */
public record LeadFilter(Optional<LeadStatus> status, Optional<UUID> cpId, Optional<String> stateCode, Optional<String> search,
                         Optional<Instant> updatedSince) {
}
