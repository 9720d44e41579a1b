package com.cpnetwork.leads;

import com.cpnetwork.platform.Role;
import com.cpnetwork.platform.errors.Conflict;
import com.cpnetwork.platform.errors.Forbidden;

/**
 * The rules of the pipeline {@code NEW → IN_DISCUSSION → PHYSICAL_MEETING → CUSTOMER_ACCEPTED → WON → EXECUTED},
 * plus {@code LOST}. The next step forward, or LOST from any open status, needs nothing more. Going back, skipping a
 * step, and any change to a closed lead need an override with a reason, which only KAMs and admins may give.
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
}
