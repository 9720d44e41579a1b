package com.cpnetwork.leads;

import com.cpnetwork.leads.AcceptedQuotations.AcceptedQuotation;
import com.cpnetwork.platform.Role;
import com.cpnetwork.platform.errors.Conflict;
import com.cpnetwork.platform.errors.Forbidden;
import java.util.Map;
import java.util.Optional;

/**
 * The rules of the pipeline {@code NEW → IN_DISCUSSION → PHYSICAL_MEETING → CUSTOMER_ACCEPTED → WON → EXECUTED},
 * plus {@code LOST}. The next step forward, or LOST from any open status, needs nothing more. Going back, skipping a
 * step, and any change to a closed lead need an override with a reason, which only KAMs and admins may give. A lead
 * is executed only on an accepted quotation, and handed only to a CP of its territory unless an admin overrides. Every
 * judgement on a lead change is here.
 */
public final class LeadPipeline {

    private LeadPipeline() {
    }

    /** Whether this move can be made without an override. */
    public static boolean isPlainMove(LeadStatus from, LeadStatus to) {
        if (from.isTerminal()) {
            return false;
        }
        return to == LeadStatus.LOST || (to != LeadStatus.LOST && to.ordinal() == from.ordinal() + 1);
    }

    /**
     * Refuses a change to a lead in {@code current} status that would move it to {@code target} (the same status when
     * only other fields change): {@code LEAD_LOCKED} for a closed lead and {@code TRANSITION_NOT_ALLOWED} for a move
     * that needs an override it does not have; 403 when someone other than a KAM or admin tries to override.
     */
    public static void checkChange(LeadStatus current, LeadStatus target, boolean override, Role role) {
        if (override && !(role == Role.ADMIN || role == Role.KAM)) {
            throw new Forbidden("Only KAMs and admins may override the pipeline");
        }
        if (override) {
            return;
        }
        if (current.isTerminal()) {
            throw new Conflict("LEAD_LOCKED", "The lead is " + current + "; changing it needs an override with a reason");
        }
        if (target != current && !isPlainMove(current, target)) {
            throw new Conflict("TRANSITION_NOT_ALLOWED", "Moving a lead from " + current + " to " + target
                    + " needs an override with a reason");
        }
    }

    /**
     * Where a lead goes when its customer accepts a quotation: on to CUSTOMER_ACCEPTED, or nowhere when it is there or
     * further already. A closed lead refuses the acceptance ({@code LEAD_LOCKED}).
     */
    public static LeadStatus afterAcceptance(LeadStatus current) {
        if (current.isTerminal()) {
            throw new Conflict("LEAD_LOCKED", "The lead is " + current + "; its quotations can no longer be accepted");
        }
        return current.ordinal() < LeadStatus.CUSTOMER_ACCEPTED.ordinal() ? LeadStatus.CUSTOMER_ACCEPTED : current;
    }

    /**
     * Refuses executing a lead whose customer has accepted no quotation, or that no CP works (its commission would be
     * nobody's); an override replaces neither.
     */
    public static void checkExecution(Lead lead, LeadStatus target, Optional<AcceptedQuotation> accepted) {
        if (target != LeadStatus.EXECUTED || lead.status() == LeadStatus.EXECUTED) {
            return;
        }
        if (accepted.isEmpty()) {
            throw new Conflict("NO_ACCEPTED_QUOTATION", "A lead is executed only after its customer accepted a quotation");
        }
        if (lead.cpId() == null) {
            throw new Conflict("LEAD_UNASSIGNED", "Assign the lead to a CP before executing it: the commission is theirs");
        }
    }

    /**
     * Refuses handing {@code lead} to a CP of {@code cpStateCode} in another territory, unless an admin overrides. (A
     * closed lead is refused before, by {@link #checkChange}: a KAM's or admin's override reopens it for the new CP.)
     */
    public static void checkReassignment(Lead lead, String cpStateCode, boolean override, Role role) {
        if (!cpStateCode.equals(lead.stateCode()) && !(override && role == Role.ADMIN)) {
            throw new Conflict("TERRITORY_MISMATCH", "The CP works in " + cpStateCode + " but the lead is in " + lead.stateCode(),
                    Map.of("leadStateCode", lead.stateCode(), "cpStateCode", cpStateCode));
        }
    }
}
