package com.cpnetwork.quotations;

import com.cpnetwork.audit.AuditEntry;
import com.cpnetwork.audit.AuditTrail;
import com.cpnetwork.audit.EntityType;
import com.cpnetwork.leads.Lead;
import com.cpnetwork.leads.LeadService;
import com.cpnetwork.leads.Leads;
import com.cpnetwork.notifications.Notification;
import com.cpnetwork.notifications.Notifier;
import com.cpnetwork.notifications.SmsTemplate;
import com.cpnetwork.organizations.Organization;
import com.cpnetwork.organizations.Organizations;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.FieldChecks;
import com.cpnetwork.platform.Page;
import com.cpnetwork.platform.PageRequest;
import com.cpnetwork.platform.Role;
import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.errors.Conflict;
import com.cpnetwork.platform.errors.NotFound;
import com.cpnetwork.platform.storage.Storage;
import com.cpnetwork.platform.storage.StorageLayout;
import com.cpnetwork.quotations.QuotationRepository.Body;
import com.cpnetwork.quotations.QuotationRepository.Row;
import com.cpnetwork.users.Accounts;
import com.cpnetwork.users.User;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * The quotation use cases: drafting and freezing quotations for a lead, sharing them with its customer, the
 * customer's acceptance (with its evidence) or rejection, and the proposal PDF's link. Every state change is judged by
 * {@link QuotationLifecycle} with the quotation's row locked; an acceptance locks the lead first, so concurrent
 * acceptances of one lead take turns and exactly one wins. Thread-safe.
 */
public final class QuotationService {

    /** How long the read-only link to a proposal works. */
    static final java.time.Duration PROPOSAL_LINK_VALIDITY = Storage.LONGEST_LINK;
    private static final Pattern QUOTATION_ID = Pattern.compile("QUOTE-[0-9]{1,18}");
    private static final int LONGEST_VALIDITY_DAYS = 365;

    private final Database database;
    private final QuotationRepository quotations = new QuotationRepository();
    private final Leads leads;
    private final LeadService leadService;
    private final Organizations organizations;
    private final Accounts accounts;
    private final ProposalJobs proposalJobs;
    private final Notifier notifier;
    private final Storage storage;
    private final AuditTrail audit;
    private final URI customerAppUrl;
    private final Clock clock;

    public QuotationService(Database database, Leads leads, LeadService leadService, Organizations organizations, Accounts accounts,
                            ProposalJobs proposalJobs, Notifier notifier, Storage storage, AuditTrail audit, URI customerAppUrl,
                            Clock clock) {
        this.database = database;
        this.leads = leads;
        this.leadService = leadService;
        this.organizations = organizations;
        this.accounts = accounts;
        this.proposalJobs = proposalJobs;
        this.notifier = notifier;
        this.storage = storage;
        this.audit = audit;
        this.customerAppUrl = customerAppUrl;
        this.clock = clock;
    }

    /**
     * {@code POST /v1/quotations}: a DRAFT (KAMs and admins) or a FINAL quotation, frozen as version 1 with its proposal
     * rendered in the background, for a lead the caller sees that is still open.
     */
    public Quotation createQuotation(Caller caller, NewQuotation request) {
        QuotationLifecycle.checkCreate(caller, request.status());
        return database.asCaller(caller, handle -> {
            Lead lead = leads.visibleTo(handle, caller, request.leadId(), true);
            requireOpen(lead);
            Organization organization = profileOf(handle, caller);
            QuotationTerms terms = withValidity(request.terms(), organization);
            Instant now = now();
            String id = quotations.nextId(handle);
            Row draft = new Row(id, caller.orgId(), lead.id(), caller.userId(), QuotationStatus.DRAFT, null,
                    body(terms, content(id, 0, lead, organization, terms, now)), terms.validUntil(), null, null, null, now, now, null, null, null);
            if (request.status() == QuotationStatus.FINAL) {
                Frozen frozen = freeze(caller, draft, lead, organization, terms, now);
                quotations.insert(handle, frozen.row());
                store(handle, caller, frozen, null);
            } else {
                quotations.insert(handle, draft);
            }
            Quotation view = view(found(handle, id));
            audit.record(handle, AuditEntry.created(caller.orgId(), caller.userId(), "QUOTATION_CREATED", EntityType.QUOTATION, id, view));
            return view;
        });
    }

    /**
     * {@code PATCH /v1/quotations/{id}}: edits a draft or finalizes it; a frozen quotation changes only by an admin's
     * override, which freezes the change as the next version (earlier versions stay readable) and takes it back from
     * the customer until it is shared again.
     */
    public Quotation changeQuotation(Caller caller, String id, QuotationChanges changes) {
        return database.asCaller(caller, handle -> {
            Row before = visible(handle, caller, id, true);
            QuotationLifecycle.checkChange(caller, before.authorId(), before.status(), changes.override());
            boolean finalizes = before.status() == QuotationStatus.DRAFT && changes.status() == QuotationStatus.FINAL;
            if (changes.changesNoTerms() && !finalizes) {
                return view(before);
            }
            Lead lead = leads.visibleTo(handle, caller, before.leadId(), false);
            requireOpen(lead);
            Organization organization = profileOf(handle, caller);
            QuotationTerms terms = changes.applyTo(before.body().terms());
            checkValidity(terms.validUntil());
            Instant now = now();
            if (before.status() == QuotationStatus.DRAFT && !finalizes) {
                quotations.update(handle, before.with(QuotationStatus.DRAFT, null, body(terms, content(id, 0, lead, organization, terms, now)),
                        terms.validUntil(), now));
            } else {
                Frozen frozen = freeze(caller, before, lead, organization, terms, now);
                quotations.update(handle, frozen.row());
                store(handle, caller, frozen, before.status().isFrozen() ? changes.overrideReason() : null);
            }
            Quotation beforeView = view(before);
            Quotation afterView = view(found(handle, id));
            audit.record(handle, AuditEntry.changed(caller.orgId(), caller.userId(), "QUOTATION_UPDATED", EntityType.QUOTATION, id,
                    beforeView, afterView));
            if (changes.override() && before.status().isFrozen()) {
                audit.record(handle, AuditEntry.event(caller.orgId(), caller.userId(), "QUOTATION_OVERRIDE", EntityType.QUOTATION, id,
                        Map.of("fromVersion", before.version(), "toVersion", afterView.version(), "reason", changes.overrideReason())));
            }
            return afterView;
        });
    }

    public Quotation getQuotation(Caller caller, String id) {
        return database.asCaller(caller, handle -> shownTo(caller, view(visible(handle, caller, id, false))));
    }

    /** {@code GET /v1/quotations}: the quotations the caller sees, newest first. */
    public Page<Quotation> listQuotations(Caller caller, Optional<String> leadId, Optional<QuotationStatus> status, PageRequest page) {
        return database.asCaller(caller, handle -> page.page(
                quotations.list(handle, caller, leadId, status, page).stream().map(row -> shownTo(caller, view(row))).toList(),
                quotation -> new PageRequest.Position(quotation.createdAt(), quotation.id())));
    }

    /** {@code GET /v1/quotations/{id}/versions}: every frozen version, oldest first, with its full content. */
    public List<QuotationVersion> versions(Caller caller, String id) {
        return database.asCaller(caller, handle -> {
            visible(handle, caller, id, false);
            return quotations.versions(handle, id).stream()
                    .map(version -> caller.role() == Role.CUSTOMER ? version.withoutMargin() : version)
                    .toList();
        });
    }

    /** {@code PATCH /v1/quotations/{id}/share}: FINAL → SHARED; the customer gets an SMS (and an email, if they have one). */
    public Quotation shareQuotation(Caller caller, String id) {
        caller.require(Role.CP, Role.KAM, Role.ADMIN);
        return database.asCaller(caller, handle -> {
            Row before = visible(handle, caller, id, true);
            QuotationLifecycle.checkShare(before.status(), before.validUntil(), today());
            Lead lead = leads.visibleTo(handle, caller, before.leadId(), false);
            requireOpen(lead);
            Row after = before.shared(now());
            quotations.update(handle, after);
            Organization organization = profileOf(handle, caller);
            String link = customerAppUrl.toString().replaceAll("/+$", "") + "/quotations/" + id;
            notifier.send(handle, caller.orgId(), Notification.sms(lead.customerPhone(), SmsTemplate.QUOTATION_SHARED,
                    Map.of("quotationId", id, "organization", organization.name(), "link", link)));
            accounts.find(handle, lead.customerId()).map(User::email).ifPresent(email -> notifier.send(handle, caller.orgId(),
                    Notification.email(email, "Your quotation " + id + " from " + organization.name(),
                            "Hello " + lead.customerName() + ",\n\nYour quotation " + id + " from " + organization.name()
                                    + " is ready. View it and accept it here:\n" + link + "\n\nIt is valid until " + after.validUntil() + ".")));
            Quotation view = view(after);
            audit.record(handle, AuditEntry.changed(caller.orgId(), caller.userId(), "QUOTATION_SHARED", EntityType.QUOTATION, id,
                    view(before), view));
            return view;
        });
    }

    /**
     * {@code PATCH /v1/quotations/{id}/accept}: SHARED → ACCEPTED by the lead's customer (or an admin on their behalf,
     * with override and reason), in one transaction with the lead's move to CUSTOMER_ACCEPTED and the withdrawal of the
     * lead's other open quotations; the evidence binds the acceptance to the version, its content hash and its
     * proposal's hash. The customer gets an SMS receipt.
     */
    public Quotation acceptQuotation(Caller caller, String id, boolean override, String reason, AcceptanceContext context) {
        QuotationLifecycle.checkAcceptor(caller, override);
        new FieldChecks().check(!override || reason != null && !reason.isBlank(), "overrideReason", "is required with override")
                .text("overrideReason", reason, 1000).verify();
        return database.asCaller(caller, handle -> {
            String leadId = visible(handle, caller, id, false).leadId();
            Lead lead = leads.visibleTo(handle, caller, leadId, true);
            Row before = found(handle, quotations.find(handle, id, true), id);
            QuotationLifecycle.checkAccept(before.status(), before.validUntil(), today());
            leadService.quotationAccepted(handle, caller, lead.id(), override ? reason : "Quotation " + id + " accepted");
            Instant now = now();
            Acceptance evidence = new Acceptance(id, before.version(), before.contentSha256(),
                    "READY".equals(before.pdfStatus()) ? before.pdfSha256() : null, now, caller.userId(), context.clientIp(),
                    context.userAgent(), override, override ? reason : null);
            quotations.insertAcceptance(handle, caller.orgId(), evidence);
            List<String> withdrawn = quotations.withdrawOthers(handle, lead.id(), id, now);
            Row after = before.decided(QuotationStatus.ACCEPTED, null, now);
            quotations.update(handle, after);
            notifier.send(handle, caller.orgId(), Notification.sms(lead.customerPhone(), SmsTemplate.QUOTATION_ACCEPTED,
                    Map.of("quotationId", id, "version", String.valueOf(before.version()), "total", before.body().totals().grandTotal(),
                            "date", now.atOffset(ZoneOffset.UTC).toLocalDate().toString())));
            Quotation view = view(after);
            audit.record(handle, AuditEntry.changed(caller.orgId(), caller.userId(), "QUOTATION_ACCEPTED", EntityType.QUOTATION, id,
                    view(before), Map.of("quotation", view, "evidence", evidence)));
            for (String other : withdrawn) {
                audit.record(handle, AuditEntry.event(caller.orgId(), caller.userId(), "QUOTATION_WITHDRAWN", EntityType.QUOTATION, other,
                        Map.of("reason", "Quotation " + id + " of the same lead was accepted")));
            }
            if (override) {
                audit.record(handle, AuditEntry.event(caller.orgId(), caller.userId(), "QUOTATION_OVERRIDE", EntityType.QUOTATION, id,
                        Map.of("change", "QUOTATION_ACCEPTED", "reason", reason)));
            }
            return shownTo(caller, view);
        });
    }

    /** {@code PATCH /v1/quotations/{id}/reject}: SHARED → REJECTED by the lead's customer; the CP is told by SMS. */
    public Quotation rejectQuotation(Caller caller, String id, String reason) {
        new FieldChecks().text("reason", reason, 1000).verify();
        return database.asCaller(caller, handle -> {
            Row before = visible(handle, caller, id, true);
            QuotationLifecycle.checkReject(caller, before.status());
            Lead lead = leads.visibleTo(handle, caller, before.leadId(), false);
            Row after = before.decided(QuotationStatus.REJECTED, reason == null ? null : reason.trim(), now());
            quotations.update(handle, after);
            if (lead.cpId() != null) {
                accounts.find(handle, lead.cpId()).ifPresent(cp -> notifier.send(handle, caller.orgId(),
                        Notification.sms(cp.phone(), SmsTemplate.QUOTATION_REJECTED, Map.of("quotationId", id, "leadId", lead.id()))));
            }
            Quotation view = view(after);
            audit.record(handle, AuditEntry.changed(caller.orgId(), caller.userId(), "QUOTATION_REJECTED", EntityType.QUOTATION, id,
                    view(before), view));
            return shownTo(caller, view);
        });
    }

    /** {@code GET /v1/quotations/{id}/acceptance}: the evidence; 404 while the quotation is not accepted. */
    public Acceptance acceptance(Caller caller, String id) {
        return database.asCaller(caller, handle -> {
            visible(handle, caller, id, false);
            return quotations.acceptance(handle, id).orElseThrow(() -> new NotFound("Acceptance of " + id));
        });
    }

    /**
     * {@code GET /v1/quotations/{id}/pdf}: a read-only link to the current version's proposal when it is rendered,
     * PENDING while it is being made, {@code 409 PDF_FAILED} when rendering gave up.
     */
    public Proposal proposal(Caller caller, String id) {
        Row row = database.asCaller(caller, handle -> visible(handle, caller, id, false));
        QuotationLifecycle.checkHasProposal(row.status());
        if ("FAILED".equals(row.pdfStatus())) {
            throw new Conflict("PDF_FAILED", "Rendering the proposal failed; ask for it again with POST .../pdf");
        }
        if (!"READY".equals(row.pdfStatus())) {
            return Proposal.pending();
        }
        String path = database.asCaller(caller, handle -> quotations.pdfPath(handle, id, row.version()).orElseThrow());
        return Proposal.ready(storage.linkToRead(StorageLayout.PROPOSALS, path, PROPOSAL_LINK_VALIDITY, now()));
    }

    /** {@code POST /v1/quotations/{id}/pdf}: renders the current version's proposal again (after a failure). */
    public Proposal requestProposal(Caller caller, String id) {
        return database.asCaller(caller, handle -> {
            Row row = visible(handle, caller, id, true);
            QuotationLifecycle.checkProposalRequest(caller, row.authorId(), row.status());
            if ("READY".equals(row.pdfStatus())) {
                throw new Conflict("PDF_READY", "The proposal is rendered; GET .../pdf gives its link");
            }
            quotations.requestProposal(handle, id, row.version());
            proposalJobs.enqueue(handle, caller.orgId(), id, row.version());
            return Proposal.pending();
        });
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    /** A quotation frozen as a new version, and that version's content. */
    private record Frozen(Row row, QuotationContent content) {
    }

    /** {@code terms} frozen as the next version of {@code row}: status FINAL and not shared (again) yet. */
    private Frozen freeze(Caller caller, Row row, Lead lead, Organization organization, QuotationTerms terms, Instant now) {
        int version = row.version() == null ? 1 : row.version() + 1;
        QuotationContent content = content(row.id(), version, lead, organization, terms, now);
        return new Frozen(new Row(row.id(), row.orgId(), row.leadId(), row.authorId(), QuotationStatus.FINAL, version, body(terms, content),
                terms.validUntil(), null, null, null, row.createdAt(), now, null, null, null), content);
    }

    /** Stores the frozen version (after its quotation row) and asks for its proposal to be rendered once this commits. */
    private void store(Handle handle, Caller caller, Frozen frozen, String overrideReason) {
        quotations.insertVersion(handle, caller.orgId(), frozen.content(), caller.userId(), overrideReason);
        proposalJobs.enqueue(handle, caller.orgId(), frozen.row().id(), frozen.content().version());
    }

    /** What the quotation says, priced and taxed: the supplier's state against the lead's decides CGST + SGST or IGST. */
    private QuotationContent content(String id, int version, Lead lead, Organization organization, QuotationTerms terms, Instant at) {
        List<Gst.PricedLine> lines = Gst.price(terms);
        Gst.Totals totals = Gst.totals(lines, Gst.TaxBasis.between(organization.stateCode(), lead.stateCode()));
        QuotationContent.Party supplier = new QuotationContent.Party(organization.registeredName(), organization.gstin(),
                organization.stateCode(), organization.address(), null);
        QuotationContent.Party customer = new QuotationContent.Party(lead.customerName(), null, lead.stateCode(), lead.address(),
                lead.customerPhone());
        return QuotationContent.of(id, version, lead.id(), supplier, customer, terms, lines, totals, terms.validUntil(),
                at.truncatedTo(ChronoUnit.MILLIS), at.atOffset(ZoneOffset.UTC).toLocalDate());
    }

    private static Body body(QuotationTerms terms, QuotationContent content) {
        QuotationContent.Amounts amounts = content.totals();
        return new Body(terms, content.lines(), new Quotation.Totals(content.taxBasis(), amounts.taxable(), amounts.cgst(), amounts.sgst(),
                amounts.igst(), amounts.grandTotal(), amounts.byRate()));
    }

    private Row found(Handle handle, String id) {
        return found(handle, quotations.find(handle, id, false), id);
    }

    private static Row found(Handle handle, Optional<Row> row, String id) {
        return row.orElseThrow(() -> new NotFound("Quotation " + id));
    }

    /**
     * The quotation if the caller may see it: its lead is visible to them, and for a customer it was shared. Anything
     * else, an id that cannot be a quotation's included, is 404.
     */
    private Row visible(Handle handle, Caller caller, String id, boolean lock) {
        if (id == null || !QUOTATION_ID.matcher(id).matches()) {
            throw new NotFound("Quotation");
        }
        Row row = quotations.find(handle, id, lock).orElseThrow(() -> new NotFound("Quotation " + id));
        try {
            leads.visibleTo(handle, caller, row.leadId(), false);
        } catch (NotFound hidden) {
            throw new NotFound("Quotation " + id);
        }
        if (caller.role() == Role.CUSTOMER && row.sharedAt() == null) {
            throw new NotFound("Quotation " + id);
        }
        return row;
    }

    private static void requireOpen(Lead lead) {
        if (lead.status().isTerminal()) {
            throw new Conflict("LEAD_LOCKED", "The lead is " + lead.status() + "; its quotations can no longer change");
        }
    }

    /** The caller's organization, which must say where it is registered: that decides the tax. */
    private Organization profileOf(Handle handle, Caller caller) {
        Organization organization = organizations.find(handle, caller.orgId()).orElseThrow(() -> new NotFound("Organization"));
        if (organization.stateCode() == null) {
            throw new Conflict("ORGANIZATION_PROFILE_INCOMPLETE", "Set the organization's stateCode (PATCH /v1/organizations/current) first:"
                    + " it decides between CGST + SGST and IGST");
        }
        return organization;
    }

    /** The terms with their validity: as given, else the organization's default from today. */
    private QuotationTerms withValidity(QuotationTerms terms, Organization organization) {
        LocalDate validUntil = terms.validUntil() != null ? terms.validUntil() : today().plusDays(organization.quotationValidityDays());
        checkValidity(validUntil);
        return new QuotationTerms(terms.systemPrice(), terms.marginPercent(), terms.lineItems(), validUntil);
    }

    private void checkValidity(LocalDate validUntil) {
        new FieldChecks().notBefore("validUntil", validUntil, today())
                .check(!validUntil.isAfter(today().plusDays(LONGEST_VALIDITY_DAYS)), "validUntil",
                        "must be within " + LONGEST_VALIDITY_DAYS + " days")
                .verify();
    }

    private static Quotation view(Row row) {
        Body body = row.body();
        QuotationTerms terms = body.terms();
        return new Quotation(row.id(), row.leadId(), row.status(), row.version(), QuotationContent.money(terms.systemPrice()),
                terms.marginPercent().toPlainString(), body.lines(), body.totals(), row.validUntil(), row.contentSha256(),
                row.status() == QuotationStatus.DRAFT ? null : row.pdfStatus(), row.pdfSha256(), row.authorId(), row.sharedAt(),
                row.decidedAt(), row.rejectReason(), row.createdAt(), row.updatedAt());
    }

    private static Quotation shownTo(Caller caller, Quotation quotation) {
        return caller.role() == Role.CUSTOMER ? quotation.forCustomer() : quotation;
    }

    private Instant now() {
        return clock.instant();
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }
}
