package com.cpnetwork.audit;

import com.cpnetwork.platform.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Clock;
import org.jdbi.v3.core.Handle;
import org.slf4j.MDC;

/**
 * Writes audit entries in the transaction of the change they describe, so a change and its entry commit or roll
 * back together. The application role may insert entries but never change or delete them. The request id comes
 * from the logging context the HTTP pipeline sets for the request.
 */
public final class AuditTrail {

    private final Clock clock;

    public AuditTrail(Clock clock) {
        this.clock = clock;
    }

    public void record(Handle handle, AuditEntry entry) {
        handle.createUpdate("""
                INSERT INTO audit_log (org_id, actor_id, action, entity_type, entity_id, old_value, new_value, at, request_id)
                VALUES (:org, CAST(:actor AS uuid), :action, :type, :entity, CAST(:old AS jsonb), CAST(:new AS jsonb), :at, :request)""")
                .bind("org", entry.orgId())
                .bind("actor", entry.actorId())
                .bind("action", entry.action())
                .bind("type", entry.entityType().name())
                .bind("entity", entry.entityId())
                .bind("old", json(entry.oldValue()))
                .bind("new", json(entry.newValue()))
                .bind("at", clock.instant())
                .bind("request", MDC.get("requestId"))
                .execute();
    }

    private static String json(Object snapshot) {
        if (snapshot == null) {
            return null;
        }
        try {
            return Json.MAPPER.writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Audit snapshot cannot be written as JSON", e);
        }
    }
}
