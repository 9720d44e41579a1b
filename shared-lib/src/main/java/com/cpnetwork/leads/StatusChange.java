package com.cpnetwork.leads;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of a lead's history: a move from one status to another ({@code from} is empty for the lead's creation),
 * who made it, whether it overrode the pipeline and why, and how long the lead had been in {@code from}.
 */
public record StatusChange(LeadStatus from, LeadStatus to, UUID actorId, Instant at, boolean override, String reason,
                           Long secondsInPreviousStatus) {
}
