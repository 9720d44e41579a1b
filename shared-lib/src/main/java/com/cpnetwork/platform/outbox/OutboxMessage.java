package com.cpnetwork.platform.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/** A claimed outbox row: what to do ({@code payload}) and how often it was tried, this attempt included. */
public record OutboxMessage(UUID id, UUID orgId, JsonNode payload, int attempts) {
}
