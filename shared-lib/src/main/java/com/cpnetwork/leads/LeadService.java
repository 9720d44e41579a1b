package com.cpnetwork.leads;

import com.cpnetwork.audit.AuditEntry;
import com.cpnetwork.leads.AcceptedQuotations.AcceptedQuotation;
import com.cpnetwork.audit.AuditTrail;
import com.cpnetwork.audit.EntityType;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.FieldChecks;
import com.cpnetwork.platform.Page;
import com.cpnetwork.platform.PageRequest;
import com.cpnetwork.platform.Patch;
import com.cpnetwork.platform.PhoneNumbers;
import com.cpnetwork.platform.Role;
import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.errors.Conflict;
import com.cpnetwork.platform.errors.Forbidden;
import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.platform.errors.NotFound;
import com.cpnetwork.users.User;
import com.cpnetwork.users.Accounts;
import com.cpnetwork.users.UserService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** The lead use cases: bringing leads in, moving them through the pipeline, assigning them to CPs. */
public final class LeadService {


    private final Database database;
    private final LeadRepository leads = new LeadRepository();
    private final Leads visibleLeads;
    private final Accounts users;
    private final UserService userService;
    private final ServiceCatalog catalog;
    private final PhoneNumbers phones;
    private final AuditTrail audit;
    private final AcceptedQuotations acceptedQuotations;
    private final LeadExecutions executions;
    private final Clock clock;

    public LeadService(Database database, Leads visibleLeads, Accounts users, UserService userService, ServiceCatalog catalog,
                       PhoneNumbers phones, AuditTrail audit, AcceptedQuotations acceptedQuotations, LeadExecutions executions,
                       Clock clock) {
        this.database = database;
        this.visibleLeads = visibleLeads;
        this.users = users;
        this.userService = userService;
        this.catalog = catalog;
        this.phones = phones;
        this.audit = audit;
        this.acceptedQuotations = acceptedQuotations;
        this.executions = executions;
        this.clock = clock;
    }

    /**
     * {@code POST /v1/leads}: a CP brings a lead in for themselves, a KAM for a CP they look after, an admin for any
     * active CP. The customer phone links the lead to the organization's customer (created when new); open leads
     * with the same phone come back as possible duplicates.
     */
    public CreatedLead createLead(Caller caller, NewLead request) {
        caller.require(Role.CP, Role.KAM, Role.ADMIN);
        FieldChecks checks = new FieldChecks();
        String phone = phones.normalize(checks, "customerPhone", request.customerPhone());
        checks.notBefore("followUpDate", request.followUpDate(), today())
                .check(caller.role() != Role.CP || request.cpId() == null || request.cpId().equals(caller.userId()), "cpId",
                        "a CP brings leads in for themselves; only KAMs and admins choose the CP")
                .check(caller.role() == Role.CP || request.cpId() != null, "cpId", "is required: the CP who will work the lead")
                .verify();
        return database.asCaller(caller, handle -> {
            UUID cpId = caller.role() == Role.CP ? caller.userId() : requireAssignableCp(handle, caller, request.cpId()).id();
            catalog.requireKnown(handle, caller.orgId(), request.services());
            User customer = userService.customerWithPhone(handle, caller.orgId(), caller.userId(), phone, request.customerName());
            List<CreatedLead.PossibleDuplicate> duplicates = leads.openLeadsWithPhone(handle, caller.orgId(), phone);
            Instant now = clock.instant();
            Lead lead = new Lead(leads.nextId(handle), LeadStatus.NEW, cpId, customer.id(), request.customerName().trim(), phone,
                    request.address(), request.stateCode(), request.services(), request.remarks(), request.followUpDate(), null,
                    caller.role() == Role.CP ? "CP" : "STAFF", caller.userId(), now, now, now);
            insert(handle, caller, lead);
            return new CreatedLead(lead, duplicates);
        });
    }

    /**
     * {@code POST /v1/serviceRequests}: a customer's cart becomes one lead with a line per service, assigned to the
     * active CP of the territory with the fewest open leads, or left unassigned for KAMs and admins.
     */
    public Lead requestService(Caller caller, ServiceRequest request) {
        caller.require(Role.CUSTOMER);
        return database.asCaller(caller, handle -> {
            catalog.requireKnown(handle, caller.orgId(), request.services());
            User customer = users.find(handle, caller.userId()).orElseThrow(() -> new NotFound("Customer"));
            UUID cpId = leads.leastBusyCpIn(handle, caller.orgId(), request.stateCode()).orElse(null);
            Instant now = clock.instant();
            Lead lead = new Lead(leads.nextId(handle), LeadStatus.NEW, cpId, customer.id(), customer.name(), customer.phone(),
                    request.address(), request.stateCode(), request.services(), request.remarks(), null, null, "CUSTOMER",
                    caller.userId(), now, now, now);
            insert(handle, caller, lead);
            return lead;
        });
    }

    public Lead getLead(Caller caller, String id) {
        return database.asCaller(caller, handle -> visible(handle, caller, id, false));
    }

    /**
     * {@code GET /v1/leads}: the leads the caller sees, newest first. A search that is a whole phone number, in any
     * format a phone is accepted in, finds the leads of exactly that phone (by index); any other search finds part of
     * the customer's name or phone.
     */
    public Page<Lead> listLeads(Caller caller, LeadFilter filter, PageRequest page) {
        Optional<String> phone = filter.search().flatMap(this::wholePhone);
        return database.asCaller(caller, handle -> page.page(leads.list(handle, caller, filter, phone, page),
                lead -> new PageRequest.Position(lead.createdAt(), lead.id())));
    }

    /** {@code GET /v1/leads/{id}/history}: the lead's status changes, oldest first. */
    public List<StatusChange> history(Caller caller, String id) {
        return database.asCaller(caller, handle -> {
            visible(handle, caller, id, false);
            return leads.history(handle, id);
        });
    }

    /**
     * {@code PATCH /v1/leads/{id}}: status (by {@link LeadPipeline}'s rules), remarks, follow-up date. Plain edits are
     * last-write-wins; the lead row is locked for the transaction so a status move is judged on the current status.
     */
    public Lead changeLead(Caller caller, String id, LeadChanges changes) {
        caller.require(Role.CP, Role.KAM, Role.ADMIN);
        new FieldChecks().notBefore("followUpDate", changes.followUpDate().value(), today()).verify();
        return database.asCaller(caller, handle -> {
            Lead before = visible(handle, caller, id, true);
            LeadStatus target = changes.status().orElse(before.status());
            LeadPipeline.checkChange(before.status(), target, changes.override(), caller.role());
            Optional<AcceptedQuotation> accepted = target == LeadStatus.EXECUTED && before.status() != LeadStatus.EXECUTED
                    ? acceptedQuotations.findFor(handle, id) : Optional.empty();
            LeadPipeline.checkExecution(before, target, accepted);
            boolean moves = target != before.status();
            if (!moves && !changes.remarks().present() && !changes.followUpDate().present()) {
                return before;
            }
            Lead after = applyChange(handle, caller, before, changes, target,
                    changes.override() ? changes.overrideReason() : changes.lostReason());
            if (accepted.isPresent()) {
                executions.executed(handle, caller, after, accepted.get());
            } else if (before.status() == LeadStatus.EXECUTED && moves) {
                executions.reversed(handle, caller, after, changes.overrideReason());
            }
            return after;
        });
    }

    /**
     * In the caller's transaction, after the customer (or an admin on their behalf) accepted a quotation of
     * {@code leadId}: the lead moves on to CUSTOMER_ACCEPTED, as {@link LeadPipeline#afterAcceptance} decides, with the
     * reason in its history. Locks the lead's row first, so concurrent acceptances of one lead take turns.
     */
    public Lead quotationAccepted(Handle handle, Caller caller, String leadId, String reason) {
        Lead before = visible(handle, caller, leadId, true);
        LeadStatus target = LeadPipeline.afterAcceptance(before.status());
        if (target == before.status()) {
            return before;
        }
        return applyChange(handle, caller, before, new LeadChanges(Optional.of(target), Patch.absent(), Patch.absent(), false, null, null),
                target, reason);
    }

    /** Writes a judged change: the lead, its history when the status moves (with {@code reason}), and the audit trail. */
    private Lead applyChange(Handle handle, Caller caller, Lead before, LeadChanges changes, LeadStatus target, String reason) {
        Instant now = clock.instant();
        Lead after = before.changedBy(changes, target, now);
        leads.update(handle, after);
        if (target != before.status()) {
            long secondsInPrevious = Duration.between(before.statusChangedAt(), now).toSeconds();
            leads.recordStatusChange(handle, caller.orgId(), before.id(), new StatusChange(before.status(), target, caller.userId(), now,
                    changes.override(), reason, secondsInPrevious));
        }
        recordChange(handle, caller, "LEAD_UPDATED", before, after, changes.override(), changes.overrideReason());
        return after;
    }

    /**
     * {@code PATCH /v1/leads/{id}/reassign}: a KAM or admin hands the lead to another active CP of the lead's
     * territory. A closed lead needs an override with a reason (KAM or admin); crossing territories needs an admin's.
     */
    public Lead reassignLead(Caller caller, String id, UUID cpId, boolean override, String overrideReason) {
        caller.require(Role.KAM, Role.ADMIN);
        new FieldChecks().check(!override || (overrideReason != null && !overrideReason.isBlank()), "overrideReason",
                "is required with override").text("overrideReason", overrideReason, 1000).verify();
        return database.asCaller(caller, handle -> {
            Lead before = visible(handle, caller, id, true);
            LeadPipeline.checkChange(before.status(), before.status(), override, caller.role());
            User cp = requireAssignableCp(handle, caller, cpId);
            LeadPipeline.checkReassignment(before, cp.stateCode(), override, caller.role());
            if (cp.id().equals(before.cpId())) {
                return before;
            }
            Lead after = before.assignedTo(cp.id(), clock.instant());
            leads.update(handle, after);
            recordChange(handle, caller, "LEAD_REASSIGNED", before, after, override, overrideReason);
            return after;
        });
    }

    private void insert(Handle handle, Caller caller, Lead lead) {
        leads.insert(handle, caller.orgId(), lead);
        leads.recordStatusChange(handle, caller.orgId(), lead.id(),
                new StatusChange(null, LeadStatus.NEW, caller.userId(), lead.createdAt(), false, null, null));
        audit.record(handle, AuditEntry.created(caller.orgId(), caller.userId(), "LEAD_CREATED", EntityType.LEAD, lead.id(), lead));
    }

    /** The audit entry of a change, and a second one naming the override and its reason when the rules were overridden. */
    private void recordChange(Handle handle, Caller caller, String action, Lead before, Lead after, boolean override, String reason) {
        audit.record(handle, AuditEntry.changed(caller.orgId(), caller.userId(), action, EntityType.LEAD, before.id(), before, after));
        if (override) {
            audit.record(handle, AuditEntry.event(caller.orgId(), caller.userId(), "LEAD_OVERRIDE", EntityType.LEAD, before.id(),
                    Map.of("change", action, "reason", reason)));
        }
    }

    private Lead visible(Handle handle, Caller caller, String id, boolean forUpdate) {
        return visibleLeads.visibleTo(handle, caller, id, forUpdate);
    }

    /** An active CP of the organization that {@code caller} may give leads to (a KAM only the CPs they look after). */
    private User requireAssignableCp(Handle handle, Caller caller, UUID cpId) {
        User cp = users.find(handle, cpId).filter(user -> user.role() == Role.CP)
                .orElseThrow(() -> Invalid.field("cpId", "must be a CP of this organization"));
        if (caller.role() == Role.KAM && !caller.userId().equals(cp.kamId())) {
            throw new Forbidden("NOT_YOUR_CP", "That CP is looked after by another KAM");
        }
        if (!cp.canSignIn()) {
            throw new Conflict("CP_INACTIVE", "That CP is deactivated or blocked");
        }
        return cp;
    }

    /** The search in E.164 when it is a whole phone number; empty for names and parts of numbers. */
    Optional<String> wholePhone(String search) {
        try {
            return Optional.of(phones.normalize("q", search));
        } catch (Invalid notAWholePhone) {
            return Optional.empty();
        }
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }
}
