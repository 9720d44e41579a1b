package com.cpnetwork.leads;

import com.cpnetwork.platform.FieldChecks;
import com.cpnetwork.platform.Patch;
import java.time.LocalDate;
import java.util.Optional;

/**
 * {@code PATCH /v1/leads/{id}}: a new status and/or plain fields. {@code lostReason} goes with a move to LOST,
 * {@code overrideReason} with {@code override}.
 */
public record LeadChanges(Optional<LeadStatus> status, Patch<String> remarks, Patch<LocalDate> followUpDate,
                          boolean override, String overrideReason, String lostReason) {

    public LeadChanges {
        new FieldChecks()
                .text("remarks", remarks.value(), 4000)
                .check(!override || (overrideReason != null && !overrideReason.isBlank()), "overrideReason", "is required with override")
                .text("overrideReason", overrideReason, 1000)
                .check(status.orElse(null) != LeadStatus.LOST || (lostReason != null && !lostReason.isBlank()), "lostReason",
                        "is required to move a lead to LOST")
                .text("lostReason", lostReason, 1000)
                .verify();
    }
}
