package com.cpnetwork.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/** One entry of the audit trail as the API shows it: who did what to which record, from what to what, when. */
public record AuditRecord(long id, UUID actorId, String action, EntityType entityType, String entityId, JsonNode oldValue,
                          JsonNode newValue, Instant at, String requestId) {
}
