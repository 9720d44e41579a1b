package com.cpnetwork.audit;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** {@code GET /v1/audit}: which entries; {@code from} is included, {@code to} excluded. */
public record AuditFilter(Optional<EntityType> entityType, Optional<String> entityId, Optional<UUID> actorId, Optional<Instant> from,
                          Optional<Instant> to) {
}
