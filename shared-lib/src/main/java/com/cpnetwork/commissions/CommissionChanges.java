package com.cpnetwork.commissions;

import com.cpnetwork.platform.DecimalRange;
import com.cpnetwork.platform.FieldChecks;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * {@code PATCH /v1/commissions/{id}}: an admin's manual overwrite, e.g. the CP after a mid-process reassignment or the
 * amount, always with a reason; a paid entry also needs {@code override}.
 */
public record CommissionChanges(UUID cpId, BigDecimal amount, String reason, boolean override) {

    static final DecimalRange AMOUNT = new DecimalRange(new BigDecimal("-10000000000.00"), true, new BigDecimal("10000000000.00"), 2);

    public CommissionChanges {
        new FieldChecks()
                .check(cpId != null || amount != null, "body", "name what to change: cpId and/or amount")
                .decimal("amount", amount, AMOUNT)
                .required("reason", reason).text("reason", reason, 1000)
                .verify();
    }
}
