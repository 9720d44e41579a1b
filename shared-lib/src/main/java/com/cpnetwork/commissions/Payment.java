package com.cpnetwork.commissions;

import com.cpnetwork.platform.FieldChecks;
import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code PATCH /v1/commissions/{id}/markPaid}: the bank transfer's reference (UTR: 12 to 22 letters and digits, kept
 * in capitals) and the day it was paid (not in the future, checked by the service against its clock).
 */
public record Payment(String utr, LocalDate paidOn) {

    private static final Pattern UTR = Pattern.compile("[A-Za-z0-9]{12,22}");

    public Payment {
        new FieldChecks().required("utr", utr)
                .check(utr == null || UTR.matcher(utr).matches(), "utr", "must be 12 to 22 letters and digits, without spaces or symbols")
                .required("paidOn", paidOn)
                .verify();
        utr = utr.toUpperCase(Locale.ROOT);
    }
}
