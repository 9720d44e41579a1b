package com.cpnetwork.commissions;

import com.cpnetwork.platform.errors.Conflict;
import com.cpnetwork.platform.errors.Forbidden;
import com.cpnetwork.platform.errors.Invalid;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Every rule of a commission, in one place: how much a CP earns, which moves an entry may make
 * ({@code PENDING → APPROVED → PAID}, {@code CANCELLED} on a reversal before payment), and that a paid entry changes
 * only by an admin's override.
 */
final class CommissionLedger {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    /** Payments are made by Indian banks on Indian calendar days: "today" for a payment is today in India. */
    private static final ZoneId PAYMENT_DAYS = ZoneId.of("Asia/Kolkata");

    private CommissionLedger() {
    }

    /** {@code systemPrice × marginPercent / 100}, half-up to paise. */
    static BigDecimal amount(BigDecimal systemPrice, BigDecimal marginPercent) {
        return systemPrice.multiply(marginPercent).divide(HUNDRED).setScale(2, RoundingMode.HALF_UP);
    }

    /** PENDING → APPROVED. */
    static void checkApproval(CommissionStatus status) {
        switch (status) {
            case PENDING -> { }
            case APPROVED -> throw new Conflict("ALREADY_APPROVED", "The commission is already approved");
            case PAID -> throw locked();
            case CANCELLED -> throw cancelled();
        }
    }

    /** APPROVED → PAID, in full, on a day that has come in India. */
    static void checkPayment(CommissionStatus status, Payment payment, Instant now) {
        switch (status) {
            case APPROVED -> { }
            case PENDING -> throw new Conflict("NOT_APPROVED", "A commission is approved before it is paid");
            case PAID -> throw locked();
            case CANCELLED -> throw cancelled();
        }
        if (payment.paidOn().isAfter(LocalDate.ofInstant(now, PAYMENT_DAYS))) {
            throw Invalid.field("paidOn", "must not be in the future");
        }
    }

    /** A manual overwrite: a paid entry needs an admin's override; a cancelled one is closed. */
    static void checkOverwrite(CommissionStatus status, boolean override) {
        if (status == CommissionStatus.CANCELLED) {
            throw cancelled();
        }
        if (status == CommissionStatus.PAID && !override) {
            throw locked();
        }
    }

    /** A clawback takes back exactly what was paid; a commission is never negative. */
    static void checkAmount(CommissionKind kind, BigDecimal amount) {
        if (kind == CommissionKind.COMMISSION ? amount.signum() < 0 : amount.signum() > 0) {
            throw Invalid.field("amount", kind == CommissionKind.COMMISSION ? "must not be negative" : "must not be positive for a clawback");
        }
    }

    /** Who may overwrite: admins only. */
    static Forbidden onlyAdmins() {
        return new Forbidden("Only admins change a commission by hand");
    }

    private static Conflict locked() {
        return new Conflict("COMMISSION_LOCKED", "The commission is paid; changing it takes an admin's override with a reason");
    }

    private static Conflict cancelled() {
        return new Conflict("COMMISSION_CANCELLED", "The commission was cancelled when its sale was reversed");
    }
}
