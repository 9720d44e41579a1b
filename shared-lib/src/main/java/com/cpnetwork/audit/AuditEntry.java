package com.cpnetwork.audit;

import java.util.Objects;
import java.util.UUID;

/**
 * One change to one record: who did what, and the record before and after as JSON snapshots ({@code null} when the
 * record did not exist before, or no longer exists after). {@code entityId} is the id the API shows.
 */
public record AuditEntry(UUID orgId, UUID actorId, String action, EntityType entityType, String entityId,
                         Object oldValue, Object newValue) {

    public AuditEntry {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(entityType, "entityType");
        Objects.requireNonNull(entityId, "entityId");
    }

    public static AuditEntry created(UUID orgId, UUID actorId, String action, EntityType type, String id, Object created) {
        return new AuditEntry(orgId, actorId, action, type, id, null, created);
    }

    public static AuditEntry changed(UUID orgId, UUID actorId, String action, EntityType type, String id, Object before, Object after) {
        return new AuditEntry(orgId, actorId, action, type, id, before, after);
    }

    /** An event about a record that changes no field of it (a sign-in, a lock-out). */
    public static AuditEntry event(UUID orgId, UUID actorId, String action, EntityType type, String id, Object details) {
        return new AuditEntry(orgId, actorId, action, type, id, null, details);
    }
}
