package com.cpnetwork.quotations;

import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Role;
import com.cpnetwork.platform.errors.Conflict;
import com.cpnetwork.platform.errors.Forbidden;
import com.cpnetwork.platform.errors.Invalid;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Every rule of a quotation's life, in one place: who may write one, when it may still change, and which moves
 * ({@code DRAFT → FINAL → SHARED → ACCEPTED}, {@code SHARED → REJECTED}) it may make.
 */
final class QuotationLifecycle {

    private QuotationLifecycle() {
    }

    /** A CP submits final quotations only; drafts are for KAMs and admins to work on. */
    static void checkCreate(Caller caller, QuotationStatus status) {
        caller.require(Role.CP, Role.KAM, Role.ADMIN);
        if (status == QuotationStatus.DRAFT && caller.role() == Role.CP) {
            throw Invalid.field("status", "a CP submits FINAL quotations; drafts are for KAMs and admins");
        }
    }

    /**
     * Refuses a change to a quotation in {@code status}: its author, KAMs and admins may edit a draft; a frozen one
     * changes only by an admin's override (a new version); a decided one never.
     */
    static void checkChange(Caller caller, UUID authorId, QuotationStatus status, boolean override) {
        caller.require(Role.CP, Role.KAM, Role.ADMIN);
        if (caller.role() == Role.CP && !caller.userId().equals(authorId)) {
            throw new Forbidden("Only the quotation's author, a KAM or an admin may change it");
        }
        if (status.isDecided()) {
            throw new Conflict("QUOTATION_LOCKED", "The quotation is " + status + " and is never rewritten");
        }
        if (status.isFrozen() && !override) {
            throw new Conflict("QUOTATION_LOCKED", "The quotation is " + status + "; changing it takes an admin's override with a reason,"
                    + " which makes a new version");
        }
        if (override && caller.role() != Role.ADMIN) {
            throw new Forbidden("Only admins may override a frozen quotation");
        }
    }

    /** FINAL → SHARED, while it may still be accepted. */
    static void checkShare(QuotationStatus status, LocalDate validUntil, LocalDate today) {
        switch (status) {
            case DRAFT -> throw new Conflict("NOT_FINAL", "A draft is finalized before it is shared");
            case SHARED -> throw new Conflict("ALREADY_SHARED", "The quotation is already shared with the customer");
            case ACCEPTED, REJECTED, WITHDRAWN -> throw new Conflict("QUOTATION_LOCKED", "The quotation is " + status);
            case FINAL -> checkNotExpired(validUntil, today);
        }
    }

    /**
     * Who may accept: the customer of the lead, or an admin on their behalf with an override and a reason. Other
     * roles are refused; so is an admin without the override.
     */
    static void checkAcceptor(Caller caller, boolean override) {
        if (caller.role() == Role.CUSTOMER) {
            return;
        }
        if (caller.role() != Role.ADMIN || !override) {
            throw new Forbidden("Only the customer accepts a quotation; an admin may accept on their behalf with override and a reason");
        }
    }

    /** SHARED → ACCEPTED, once, and only until its validity ends. */
    static void checkAccept(QuotationStatus status, LocalDate validUntil, LocalDate today) {
        checkDecision(status);
        checkNotExpired(validUntil, today);
    }

    /** SHARED → REJECTED, by the customer. */
    static void checkReject(Caller caller, QuotationStatus status) {
        caller.require(Role.CUSTOMER);
        checkDecision(status);
    }

    /** A draft has no proposal; a frozen quotation's may be asked for again by its author, KAMs and admins. */
    static void checkProposalRequest(Caller caller, UUID authorId, QuotationStatus status) {
        caller.require(Role.CP, Role.KAM, Role.ADMIN);
        if (caller.role() == Role.CP && !caller.userId().equals(authorId)) {
            throw new Forbidden("Only the quotation's author, a KAM or an admin may ask for its proposal again");
        }
        checkHasProposal(status);
    }

    static void checkHasProposal(QuotationStatus status) {
        if (status == QuotationStatus.DRAFT) {
            throw new Conflict("NOT_FINAL", "A draft has no proposal; finalize it first");
        }
    }

    private static void checkDecision(QuotationStatus status) {
        switch (status) {
            case ACCEPTED -> throw new Conflict("ALREADY_ACCEPTED", "The quotation is already accepted");
            case DRAFT, FINAL -> throw new Conflict("NOT_SHARED", "The quotation has not been shared with the customer");
            case REJECTED, WITHDRAWN -> throw new Conflict("QUOTATION_LOCKED", "The quotation is " + status);
            case SHARED -> { }
        }
    }

    private static void checkNotExpired(LocalDate validUntil, LocalDate today) {
        if (validUntil.isBefore(today)) {
            throw new Conflict("QUOTATION_EXPIRED", "The quotation was valid until " + validUntil);
        }
    }
}
