package com.cpnetwork.commissions;

import com.cpnetwork.audit.AuditEntry;
import com.cpnetwork.audit.AuditTrail;
import com.cpnetwork.audit.EntityType;
import com.cpnetwork.commissions.CommissionRepository.Row;
import com.cpnetwork.leads.AcceptedQuotations.AcceptedQuotation;
import com.cpnetwork.leads.Lead;
import com.cpnetwork.leads.LeadExecutions;
import com.cpnetwork.notifications.Notification;
import com.cpnetwork.notifications.Notifier;
import com.cpnetwork.notifications.SmsTemplate;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.CsvWriter;
import com.cpnetwork.platform.Page;
import com.cpnetwork.platform.PageRequest;
import com.cpnetwork.platform.Role;
import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.db.SqlErrors;
import com.cpnetwork.platform.errors.Conflict;
import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.platform.errors.NotFound;
import com.cpnetwork.users.Accounts;
import com.cpnetwork.users.User;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * What CPs earn and are paid: a commission created when their lead is executed on an accepted quotation (in that
 * transaction, through {@link LeadExecutions}), approved, paid with a bank reference, cancelled when the sale is
 * reversed before payment or clawed back after it; the payout file; admins' overwrites. Each change locks the entry's
 * row and is judged by {@link CommissionLedger}, recorded in the entry's history and in the audit trail.
 */
public final class CommissionService implements LeadExecutions {

    private static final Pattern COMMISSION_ID = Pattern.compile("COMM-[0-9]{1,18}");

    private final Database database;
    private final CommissionRepository commissions = new CommissionRepository();
    private final Accounts accounts;
    private final Notifier notifier;
    private final AuditTrail audit;
    private final Clock clock;

    public CommissionService(Database database, Accounts accounts, Notifier notifier, AuditTrail audit, Clock clock) {
        this.database = database;
        this.accounts = accounts;
        this.notifier = notifier;
        this.audit = audit;
        this.clock = clock;
    }

    /** The lead's CP earns {@code systemPrice × marginPercent / 100} of the accepted quotation: a PENDING commission. */
    @Override
    public void executed(Handle handle, Caller caller, Lead lead, AcceptedQuotation accepted) {
        Instant now = clock.instant();
        Row commission = new Row(commissions.nextId(handle), CommissionKind.COMMISSION, lead.id(), accepted.quotationId(),
                accepted.version(), lead.cpId(), CommissionLedger.amount(accepted.systemPrice(), accepted.marginPercent()),
                CommissionStatus.PENDING, null, null, null, null, now, now);
        commissions.insert(handle, caller.orgId(), commission);
        record(handle, caller, "COMMISSION_CREATED", commission.id(), null, CommissionStatus.PENDING, null,
                Map.of("leadId", lead.id(), "quotationId", accepted.quotationId()));
        audit.record(handle, AuditEntry.created(caller.orgId(), caller.userId(), "COMMISSION_CREATED", EntityType.COMMISSION,
                commission.id(), commission.view()));
    }

    /**
     * The sale was reversed: a commission not yet paid is CANCELLED; a paid one stays PAID and a CLAWBACK of the same
     * amount, negative, is added for the same CP and lead.
     */
    @Override
    public void reversed(Handle handle, Caller caller, Lead lead, String reason) {
        Optional<Row> live = commissions.liveOf(handle, lead.id());
        if (live.isEmpty()) {
            return;
        }
        Row before = live.get();
        Instant now = clock.instant();
        if (before.status() != CommissionStatus.PAID) {
            Row cancelled = before.moved(CommissionStatus.CANCELLED, now);
            commissions.update(handle, cancelled);
            changed(handle, caller, "COMMISSION_CANCELLED", before, cancelled, reason);
            return;
        }
        Row reversedPaid = before.reversedAt(now);
        commissions.update(handle, reversedPaid);
        Row clawback = new Row(commissions.nextId(handle), CommissionKind.CLAWBACK, lead.id(), before.quotationId(),
                before.quotationVersion(), before.cpId(), before.amount().negate(), CommissionStatus.PENDING, null, null, before.id(), null,
                now, now);
        commissions.insert(handle, caller.orgId(), clawback);
        record(handle, caller, "CLAWBACK_CREATED", clawback.id(), null, CommissionStatus.PENDING, reason, Map.of("reverses", before.id()));
        audit.record(handle, AuditEntry.changed(caller.orgId(), caller.userId(), "COMMISSION_REVERSED", EntityType.COMMISSION, before.id(),
                before.view(), reversedPaid.view()));
        audit.record(handle, AuditEntry.created(caller.orgId(), caller.userId(), "CLAWBACK_CREATED", EntityType.COMMISSION, clawback.id(),
                clawback.view()));
    }

    /** {@code GET /v1/commissions}: the entries the caller sees, newest first (CP own, KAM their CPs', admin all). */
    public Page<Commission> listCommissions(Caller caller, Optional<CommissionStatus> status, Optional<UUID> cpId, Optional<String> leadId,
                                            PageRequest page) {
        caller.require(Role.CP, Role.KAM, Role.ADMIN);
        return database.asCaller(caller, handle -> page.page(
                commissions.list(handle, caller, status, cpId, leadId, page).stream().map(Row::view).toList(),
                commission -> new PageRequest.Position(commission.createdAt(), commission.id())));
    }

    /** {@code GET /v1/commissions/{id}}: one entry with its history. */
    public Commission getCommission(Caller caller, String id) {
        caller.require(Role.CP, Role.KAM, Role.ADMIN);
        return database.asCaller(caller, handle -> visible(handle, caller, id, false).view().withHistory(commissions.history(handle, id)));
    }

    /** PENDING → APPROVED, by a KAM (their CPs') or an admin; the CP is told by SMS. */
    public Commission approve(Caller caller, String id) {
        caller.require(Role.KAM, Role.ADMIN);
        return database.asCaller(caller, handle -> {
            Row before = visible(handle, caller, id, true);
            CommissionLedger.checkApproval(before.status());
            Row after = before.moved(CommissionStatus.APPROVED, clock.instant());
            commissions.update(handle, after);
            changed(handle, caller, "COMMISSION_APPROVED", before, after, null);
            tellCp(handle, caller, after, SmsTemplate.COMMISSION_APPROVED, Map.of());
            return after.view();
        });
    }

    /** APPROVED → PAID in full, by an admin, with the bank reference (unique in the organization); the CP is told. */
    public Commission markPaid(Caller caller, String id, Payment payment) {
        caller.require(Role.ADMIN);
        return database.asCaller(caller, handle -> {
            Row before = visible(handle, caller, id, true);
            CommissionLedger.checkPayment(before.status(), payment, clock.instant());
            if (commissions.utrTaken(handle, payment.utr())) {
                throw new Conflict("UTR_TAKEN", "Another commission was paid with this UTR");
            }
            Row after = before.paid(payment.utr(), payment.paidOn(), clock.instant());
            try {
                commissions.update(handle, after);
            } catch (UnableToExecuteStatementException e) {
                // Two payments with one reference at the same moment: the unique index lets one through.
                if (SqlErrors.isUniqueViolation(e, "commissions_utr")) {
                    throw new Conflict("UTR_TAKEN", "Another commission was paid with this UTR");
                }
                throw e;
            }
            changed(handle, caller, "COMMISSION_PAID", before, after, null);
            tellCp(handle, caller, after, SmsTemplate.COMMISSION_PAID, Map.of("paidOn", payment.paidOn().toString(), "utr", payment.utr()));
            return after.view();
        });
    }

    /**
     * An admin's manual overwrite of the CP (after a mid-process reassignment) or the amount, with a reason; a paid
     * entry needs {@code override} as well. The audit entry keeps both versions.
     */
    public Commission overwrite(Caller caller, String id, CommissionChanges changes) {
        if (!caller.is(Role.ADMIN)) {
            throw CommissionLedger.onlyAdmins();
        }
        return database.asCaller(caller, handle -> {
            Row before = visible(handle, caller, id, true);
            CommissionLedger.checkOverwrite(before.status(), changes.override());
            BigDecimal amount = changes.amount() == null ? before.amount() : changes.amount().setScale(2);
            CommissionLedger.checkAmount(before.kind(), amount);
            UUID cp = changes.cpId() == null ? before.cpId() : requireCp(handle, changes.cpId());
            Row after = before.overwritten(cp, amount, clock.instant());
            commissions.update(handle, after);
            record(handle, caller, "COMMISSION_OVERWRITTEN", id, before.status(), after.status(), changes.reason(),
                    Map.of("cpId", String.valueOf(cp), "amount", amount.toPlainString(), "previousCpId", String.valueOf(before.cpId()),
                            "previousAmount", before.amount().toPlainString()));
            audit.record(handle, AuditEntry.changed(caller.orgId(), caller.userId(), "COMMISSION_UPDATED", EntityType.COMMISSION, id,
                    before.view(), after.view()));
            if (changes.override()) {
                audit.record(handle, AuditEntry.event(caller.orgId(), caller.userId(), "COMMISSION_OVERRIDE", EntityType.COMMISSION, id,
                        Map.of("change", "COMMISSION_UPDATED", "reason", changes.reason())));
            }
            return after.view().withHistory(commissions.history(handle, id));
        });
    }

    /**
     * {@code GET /v1/commissions/payouts.csv}: the APPROVED commissions to pay, for a bank's bulk-payment upload: the
     * CP's name, id and phone, the commission id (the payment's reference), the lead and the amount.
     */
    public String payoutsCsv(Caller caller) {
        caller.require(Role.ADMIN);
        List<Map<String, Object>> rows = database.asCaller(caller, commissions::approvedForPayout);
        StringWriter out = new StringWriter();
        CsvWriter csv = new CsvWriter(out);
        csv.row(List.of("cpName", "cpId", "cpPhone", "commissionId", "leadId", "amount", "reference"));
        for (Map<String, Object> row : rows) {
            csv.row(Arrays.asList(row.get("cp_name"), row.get("cp_id"), row.get("cp_phone"), row.get("id"), row.get("lead_id"),
                    ((BigDecimal) row.get("amount")).setScale(2).toPlainString(), row.get("id")));
        }
        return out.toString();
    }

    private Row visible(Handle handle, Caller caller, String id, boolean lock) {
        if (id == null || !COMMISSION_ID.matcher(id).matches()) {
            throw new NotFound("Commission");
        }
        return commissions.findVisible(handle, caller, id, lock).orElseThrow(() -> new NotFound("Commission " + id));
    }

    private UUID requireCp(Handle handle, UUID cpId) {
        return accounts.find(handle, cpId).filter(user -> user.role() == Role.CP).map(User::id)
                .orElseThrow(() -> Invalid.field("cpId", "must be a CP of this organization"));
    }

    private void changed(Handle handle, Caller caller, String action, Row before, Row after, String reason) {
        record(handle, caller, action, after.id(), before.status(), after.status(), reason, null);
        audit.record(handle, AuditEntry.changed(caller.orgId(), caller.userId(), action, EntityType.COMMISSION, after.id(), before.view(),
                after.view()));
    }

    private void record(Handle handle, Caller caller, String action, String id, CommissionStatus from, CommissionStatus to, String reason,
                        Object details) {
        commissions.recordChange(handle, caller.orgId(), id, new Commission.Change(action, from, to, caller.userId(), clock.instant(), reason,
                details));
    }

    private void tellCp(Handle handle, Caller caller, Row commission, SmsTemplate template, Map<String, String> more) {
        accounts.find(handle, commission.cpId()).map(User::phone).ifPresent(phone -> {
            Map<String, String> variables = new HashMap<>(more);
            variables.put("commissionId", commission.id());
            variables.put("amount", commission.amount().setScale(2).toPlainString());
            variables.put("leadId", commission.leadId());
            notifier.send(handle, caller.orgId(), Notification.sms(phone, template, variables));
        });
    }
}
