package com.cpnetwork.quotations;

import static com.cpnetwork.quotations.QuotationFixtures.aQuotation;
import static com.cpnetwork.quotations.QuotationFixtures.changes;
import static com.cpnetwork.quotations.QuotationFixtures.customerOf;
import static com.cpnetwork.quotations.QuotationFixtures.from;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.cpnetwork.leads.Lead;
import com.cpnetwork.leads.LeadStatus;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.PageRequest;
import com.cpnetwork.platform.errors.Conflict;
import com.cpnetwork.platform.errors.DomainException;
import com.cpnetwork.platform.errors.Forbidden;
import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.platform.errors.NotFound;
import com.cpnetwork.testing.AllAtOnce;
import com.cpnetwork.testing.Fixtures;
import com.cpnetwork.testing.LocalOutbox;
import com.cpnetwork.testing.Rows;
import com.cpnetwork.testing.TestBackend;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Quotations from draft to acceptance: who may do what, what is frozen, what the customer is told, what is proved. */
class QuotationsIT {

    @RegisterExtension
    static final TestBackend world = TestBackend.perTestClass();

    private static QuotationFixtures fixtures;
    private static QuotationService quotations;
    private static Caller admin;
    private static Caller kam;

    private Caller cp;
    private Lead lead;
    private Caller customer;

    @BeforeAll
    static void anOrganizationInMaharashtra() {
        fixtures = new QuotationFixtures(world);
        quotations = fixtures.quotations();
        admin = fixtures.anOrganizationInMaharashtra();
        kam = Fixtures.callerOf(world.fixtures().aKam(admin));
    }

    @BeforeEach
    void aCpWithALeadInTheirState() {
        cp = fixtures.aCpOf(admin, kam, "MH");
        lead = fixtures.aLeadOf(cp, "MH");
        customer = customerOf(lead);
    }

    // --- creating and freezing ------------------------------------------------------------------------------------

    @Test
    void aCpSubmitsAFinalQuotationFrozenAsVersionOneWithTotalsComputedHere() {
        Quotation quotation = fixtures.aFinalQuotation(cp, lead);

        assertThat(quotation.id()).matches("QUOTE-\\d+");
        assertThat(quotation.status()).isEqualTo(QuotationStatus.FINAL);
        assertThat(quotation.version()).isEqualTo(1);
        assertThat(quotation.systemPrice()).isEqualTo("165000.00");
        assertThat(quotation.marginPercent()).isEqualTo("12.5");
        assertThat(quotation.totals().taxBasis()).isEqualTo("INTRA_STATE");
        assertThat(quotation.totals().taxable()).isEqualTo("165000.00");
        assertThat(quotation.totals().cgst()).isEqualTo("7050.00");
        assertThat(quotation.totals().sgst()).isEqualTo("7050.00");
        assertThat(quotation.totals().igst()).isEqualTo("0.00");
        assertThat(quotation.totals().grandTotal()).isEqualTo("179100.00");
        assertThat(quotation.validUntil()).isEqualTo(QuotationFixtures.today().plusDays(30));
        assertThat(quotation.pdfStatus()).isEqualTo("PENDING");
        QuotationVersion version = quotations.versions(cp, quotation.id()).get(0);
        assertThat(version.content().sha256()).isEqualTo(quotation.contentSha256()).isEqualTo(version.contentSha256());
        assertThat(Rows.count("SELECT count(*) FROM outbox WHERE queue = 'pdf-jobs' AND payload->>'quotationId' = ?", quotation.id()))
                .isEqualTo(1);
        assertThat(Rows.auditActions(quotation.id())).containsExactly("QUOTATION_CREATED");
    }

    @Test
    void aCpCannotSaveADraft() {
        assertRefused(() -> quotations.createQuotation(cp, aQuotation(lead, QuotationStatus.DRAFT)), Invalid.class, "VALIDATION_FAILED");
        assertThat(Rows.count("SELECT count(*) FROM quotations WHERE lead_id = ?", lead.id())).isZero();
    }

    @Test
    void aKamDraftsEditsAndFinalizes() {
        Quotation draft = quotations.createQuotation(kam, aQuotation(lead, QuotationStatus.DRAFT));
        assertThat(draft.status()).isEqualTo(QuotationStatus.DRAFT);
        assertThat(draft.version()).isNull();
        assertThat(draft.contentSha256()).isNull();
        assertThat(draft.pdfStatus()).isNull();

        Quotation edited = quotations.changeQuotation(kam, draft.id(), changes(new BigDecimal("170000"), false, null));
        assertThat(edited.systemPrice()).isEqualTo("170000.00");
        assertThat(edited.status()).isEqualTo(QuotationStatus.DRAFT);

        Quotation finalized = quotations.changeQuotation(kam, draft.id(), QuotationFixtures.finalizing());
        assertThat(finalized.status()).isEqualTo(QuotationStatus.FINAL);
        assertThat(finalized.version()).isEqualTo(1);
        assertThat(finalized.systemPrice()).isEqualTo("170000.00");
        assertThat(Rows.auditActions(draft.id())).containsExactly("QUOTATION_CREATED", "QUOTATION_UPDATED", "QUOTATION_UPDATED");
    }

    @Test
    void aLeadInAnotherStateIsChargedIgst() {
        Caller cpInKarnataka = fixtures.aCp(admin, "KA");
        Quotation quotation = fixtures.aFinalQuotation(cpInKarnataka, fixtures.aLeadOf(cpInKarnataka, "KA"));

        assertThat(quotation.totals().taxBasis()).isEqualTo("INTER_STATE");
        assertThat(quotation.totals().igst()).isEqualTo("14100.00");
        assertThat(quotation.totals().cgst()).isEqualTo("0.00");
    }

    @Test
    void badTermsAreRefusedAllAtOnce() {
        Invalid invalid = (Invalid) catchThrowable(() -> new NewQuotation(lead.id(), new BigDecimal("-5"), new BigDecimal("100"),
                List.of(new LineItem("", new BigDecimal("0"), new BigDecimal("1.005"), "12", 7)), null, QuotationStatus.FINAL));

        assertThat(invalid.details()).containsOnlyKeys("systemPrice", "marginPercent", "lineItems[0].description", "lineItems[0].quantity",
                "lineItems[0].unitPrice", "lineItems[0].hsnSac", "lineItems[0].gstRatePercent");
        assertThat(catchThrowable(() -> new NewQuotation(lead.id(), BigDecimal.TEN, BigDecimal.ZERO, null, null, QuotationStatus.FINAL)))
                .isInstanceOf(Invalid.class);
        assertThat(catchThrowable(() -> new NewQuotation(lead.id(), new BigDecimal("1e999999999"), BigDecimal.ONE, null, null,
                QuotationStatus.FINAL))).isInstanceOf(Invalid.class);
        List<LineItem> tooMany = Collections.nCopies(201, QuotationFixtures.lines().get(0));
        assertThat(((Invalid) catchThrowable(() -> new NewQuotation(lead.id(), BigDecimal.TEN, BigDecimal.ONE, tooMany, null,
                QuotationStatus.FINAL))).details()).containsKey("lineItems");
    }

    @Test
    void validityDefaultsToTheOrganizationsAndStaysWithinAYear() {
        NewQuotation past = new NewQuotation(lead.id(), BigDecimal.TEN, BigDecimal.ONE, List.of(), QuotationFixtures.today().minusDays(1),
                QuotationStatus.FINAL);
        NewQuotation tooFar = new NewQuotation(lead.id(), BigDecimal.TEN, BigDecimal.ONE, List.of(), QuotationFixtures.today().plusDays(366),
                QuotationStatus.FINAL);

        assertRefused(() -> quotations.createQuotation(cp, past), Invalid.class, "VALIDATION_FAILED");
        assertRefused(() -> quotations.createQuotation(cp, tooFar), Invalid.class, "VALIDATION_FAILED");
    }

    @Test
    void onlyLeadsTheCallerSeesAndThatAreOpenCanBeQuoted() {
        Caller otherCp = fixtures.aCp(admin, "MH");
        Caller otherOrganizationsAdmin = world.fixtures().anOrganization();

        assertRefused(() -> fixtures.aFinalQuotation(otherCp, lead), NotFound.class, "NOT_FOUND");
        assertRefused(() -> fixtures.aFinalQuotation(otherOrganizationsAdmin, lead), NotFound.class, "NOT_FOUND");
        assertRefused(() -> quotations.createQuotation(customer, aQuotation(lead, QuotationStatus.FINAL)), Forbidden.class, "FORBIDDEN");
        fixtures.moveLead(cp, lead, LeadStatus.LOST, false);
        assertRefused(() -> fixtures.aFinalQuotation(cp, lead), Conflict.class, "LEAD_LOCKED");
    }

    @Test
    void anOrganizationWithoutAStateCannotQuoteYet() {
        Caller bareAdmin = world.fixtures().anOrganization();
        Caller bareCp = fixtures.aCp(bareAdmin, "MH");

        assertRefused(() -> fixtures.aFinalQuotation(bareCp, fixtures.aLeadOf(bareCp, "MH")), Conflict.class, "ORGANIZATION_PROFILE_INCOMPLETE");
    }

    // --- frozen versions --------------------------------------------------------------------------------------------

    @Test
    void aFrozenQuotationChangesOnlyByAnAdminsOverrideAsTheNextVersion() {
        Quotation shared = fixtures.aSharedQuotation(cp, lead);

        assertRefused(() -> quotations.changeQuotation(cp, shared.id(), changes(BigDecimal.TEN, false, null)), Conflict.class, "QUOTATION_LOCKED");
        assertRefused(() -> quotations.changeQuotation(kam, shared.id(), changes(BigDecimal.TEN, true, "typo")), Forbidden.class, "FORBIDDEN");

        Quotation second = quotations.changeQuotation(admin, shared.id(), changes(new BigDecimal("160000"), true, "Customer negotiated"));

        assertThat(second.version()).isEqualTo(2);
        assertThat(second.status()).isEqualTo(QuotationStatus.FINAL);
        assertThat(second.sharedAt()).isNull();
        assertThat(second.contentSha256()).isNotEqualTo(shared.contentSha256());
        List<QuotationVersion> versions = quotations.versions(admin, shared.id());
        assertThat(versions).extracting(QuotationVersion::version).containsExactly(1, 2);
        assertThat(versions.get(0).contentSha256()).isEqualTo(shared.contentSha256());
        assertThat(versions.get(0).content().systemPrice()).isEqualTo("165000.00");
        assertThat(versions.get(1).overrideReason()).isEqualTo("Customer negotiated");
        assertThat(Rows.auditActions(shared.id())).containsSubsequence("QUOTATION_UPDATED", "QUOTATION_OVERRIDE");
        assertRefused(() -> quotations.acceptQuotation(customer, shared.id(), false, null, from()), NotFound.class, "NOT_FOUND");
    }

    @Test
    void anAcceptedQuotationIsNeverRewritten() {
        Quotation accepted = accept(fixtures.aSharedQuotation(cp, lead));

        assertRefused(() -> quotations.changeQuotation(admin, accepted.id(), changes(BigDecimal.TEN, true, "oops")), Conflict.class,
                "QUOTATION_LOCKED");
    }

    // --- sharing, acceptance, rejection ----------------------------------------------------------------------------

    @Test
    void sharingTellsTheCustomerWithALinkAndShowsThemTheQuotationWithoutTheMargin() {
        Quotation quotation = fixtures.aFinalQuotation(cp, lead);
        assertRefused(() -> quotations.getQuotation(customer, quotation.id()), NotFound.class, "NOT_FOUND");

        quotations.shareQuotation(cp, quotation.id());

        List<LocalOutbox.Message> sent = world.outbox().deliverPending();
        assertThat(sent).anySatisfy(message -> {
            assertThat(message.channel()).isEqualTo("SMS");
            assertThat(message.to()).isEqualTo(lead.customerPhone());
            assertThat(message.body()).contains(quotation.id()).contains("/quotations/" + quotation.id());
        });
        Quotation seen = quotations.getQuotation(customer, quotation.id());
        assertThat(seen.marginPercent()).isNull();
        assertThat(quotations.versions(customer, quotation.id()).get(0).content().marginPercent()).isNull();
        assertThat(quotations.listQuotations(customer, Optional.empty(), Optional.empty(), firstPage()).items())
                .extracting(Quotation::id).containsExactly(quotation.id());
        assertRefused(() -> quotations.shareQuotation(cp, quotation.id()), Conflict.class, "ALREADY_SHARED");
    }

    @Test
    void aDraftIsNotShared() {
        Quotation draft = quotations.createQuotation(kam, aQuotation(lead, QuotationStatus.DRAFT));

        assertRefused(() -> quotations.shareQuotation(kam, draft.id()), Conflict.class, "NOT_FINAL");
    }

    @Test
    void theCustomersAcceptanceMovesTheLeadWithdrawsTheOthersAndKeepsTheEvidence() {
        Quotation other = fixtures.aFinalQuotation(cp, lead);
        Quotation shared = fixtures.aSharedQuotation(cp, lead);
        world.outbox().deliverPending();

        Quotation accepted = accept(shared);

        assertThat(accepted.status()).isEqualTo(QuotationStatus.ACCEPTED);
        assertThat(world.backend().leads().getLead(cp, lead.id()).status()).isEqualTo(LeadStatus.CUSTOMER_ACCEPTED);
        assertThat(quotations.getQuotation(cp, other.id()).status()).isEqualTo(QuotationStatus.WITHDRAWN);
        Acceptance evidence = quotations.acceptance(cp, shared.id());
        assertThat(evidence.version()).isEqualTo(1);
        assertThat(evidence.contentSha256()).isEqualTo(shared.contentSha256());
        assertThat(evidence.acceptedBy()).isEqualTo(customer.userId());
        assertThat(evidence.clientIp()).isEqualTo("203.0.113.7");
        assertThat(evidence.userAgent()).isEqualTo("CustomerApp/2.3 (Android 14)");
        assertThat(evidence.override()).isFalse();
        assertThat(world.outbox().deliverPending()).anySatisfy(message -> {
            assertThat(message.to()).isEqualTo(lead.customerPhone());
            assertThat(message.body()).contains("accepted").contains(shared.id());
        });
        assertThat(world.backend().leads().history(cp, lead.id())).last()
                .satisfies(change -> assertThat(change.reason()).isEqualTo("Quotation " + shared.id() + " accepted"));
        assertThat(Rows.auditActions(other.id())).contains("QUOTATION_WITHDRAWN");
        assertRefused(() -> accept(shared), Conflict.class, "ALREADY_ACCEPTED");
    }

    @Test
    void acceptanceIsRefusedUnlessShared() {
        Quotation quotation = fixtures.aFinalQuotation(cp, lead);

        assertRefused(() -> quotations.acceptance(cp, quotation.id()), NotFound.class, "NOT_FOUND");
        assertRefused(() -> quotations.acceptQuotation(admin, quotation.id(), true, "on the phone", from()), Conflict.class, "NOT_SHARED");
    }

    @Test
    void anExpiredQuotationCannotBeAccepted() {
        Quotation shared = fixtures.aSharedQuotation(cp, lead);
        world.clock().advance(Duration.ofDays(31));
        try {
            assertRefused(() -> accept(shared), Conflict.class, "QUOTATION_EXPIRED");
        } finally {
            world.clock().advance(Duration.ofDays(-31));
        }
    }

    @Test
    void aClosedLeadsQuotationCannotBeAccepted() {
        Quotation shared = fixtures.aSharedQuotation(cp, lead);
        fixtures.moveLead(cp, lead, LeadStatus.LOST, false);

        assertRefused(() -> accept(shared), Conflict.class, "LEAD_LOCKED");
    }

    @Test
    void onlyTheLeadsCustomerAcceptsOrAnAdminWithOverrideAndReason() {
        Quotation shared = fixtures.aSharedQuotation(cp, lead);
        Caller someoneElse = customerOf(fixtures.aLeadOf(cp, "MH"));

        assertRefused(() -> quotations.acceptQuotation(someoneElse, shared.id(), false, null, from()), NotFound.class, "NOT_FOUND");
        assertRefused(() -> quotations.acceptQuotation(cp, shared.id(), false, null, from()), Forbidden.class, "FORBIDDEN");
        assertRefused(() -> quotations.acceptQuotation(admin, shared.id(), false, null, from()), Forbidden.class, "FORBIDDEN");
        assertRefused(() -> quotations.acceptQuotation(admin, shared.id(), true, " ", from()), Invalid.class, "VALIDATION_FAILED");

        quotations.acceptQuotation(admin, shared.id(), true, "Signed paper copy received", from());

        Acceptance evidence = quotations.acceptance(admin, shared.id());
        assertThat(evidence.override()).isTrue();
        assertThat(evidence.reason()).isEqualTo("Signed paper copy received");
        assertThat(evidence.acceptedBy()).isEqualTo(admin.userId());
    }

    @Test
    void twentyConcurrentAcceptsOfOneQuotationLetExactlyOneWin() throws Exception {
        Quotation shared = fixtures.aSharedQuotation(cp, lead);
        List<Throwable> outcomes = AllAtOnce.outcomes(20, () -> accept(shared));

        assertThat(outcomes).filteredOn(outcome -> outcome == null).hasSize(1);
        assertThat(outcomes).filteredOn(outcome -> outcome != null).hasSize(19)
                .allSatisfy(refusal -> assertThat(((DomainException) refusal).code()).isEqualTo("ALREADY_ACCEPTED"));
        assertThat(Rows.count("SELECT count(*) FROM quotation_acceptances WHERE quotation_id = ?", shared.id())).isEqualTo(1);
        assertThat(Rows.count("SELECT count(*) FROM lead_status_history WHERE lead_id = ? AND to_status = 'CUSTOMER_ACCEPTED'", lead.id()))
                .isEqualTo(1);
    }

    @Test
    void theCustomerRejectsWithAReasonAndTheCpIsTold() {
        Quotation shared = fixtures.aSharedQuotation(cp, lead);
        world.outbox().deliverPending();

        Quotation rejected = quotations.rejectQuotation(customer, shared.id(), "Too expensive");

        assertThat(rejected.status()).isEqualTo(QuotationStatus.REJECTED);
        assertThat(rejected.rejectReason()).isEqualTo("Too expensive");
        String cpPhone = world.backend().users().me(cp).phone();
        assertThat(world.outbox().deliverPending()).anySatisfy(message -> {
            assertThat(message.to()).isEqualTo(cpPhone);
            assertThat(message.body()).contains(shared.id());
        });
        assertRefused(() -> accept(shared), Conflict.class, "QUOTATION_LOCKED");
        assertRefused(() -> quotations.rejectQuotation(customer, fixtures.aFinalQuotation(cp, lead).id(), null), NotFound.class, "NOT_FOUND");
    }

    @Test
    void aLeadIsExecutedOnlyOnAnAcceptedQuotation() {
        fixtures.moveLead(cp, lead, LeadStatus.IN_DISCUSSION, false);
        fixtures.moveLead(cp, lead, LeadStatus.PHYSICAL_MEETING, false);
        fixtures.moveLead(cp, lead, LeadStatus.CUSTOMER_ACCEPTED, false);
        fixtures.moveLead(cp, lead, LeadStatus.WON, false);
        assertRefused(() -> fixtures.moveLead(cp, lead, LeadStatus.EXECUTED, false), Conflict.class, "NO_ACCEPTED_QUOTATION");

        accept(fixtures.aSharedQuotation(cp, lead));
        fixtures.moveLead(cp, lead, LeadStatus.EXECUTED, false);

        assertThat(world.backend().leads().getLead(cp, lead.id()).status()).isEqualTo(LeadStatus.EXECUTED);
    }

    @Test
    void listsShowWhatEachRoleSees() {
        Quotation mine = fixtures.aFinalQuotation(cp, lead);
        Caller otherCp = fixtures.aCp(admin, "MH");
        Quotation theirs = fixtures.aFinalQuotation(otherCp, fixtures.aLeadOf(otherCp, "MH"));

        assertThat(ids(cp)).contains(mine.id()).doesNotContain(theirs.id());
        assertThat(ids(admin)).contains(mine.id(), theirs.id());
        assertThat(quotations.listQuotations(cp, Optional.of(lead.id()), Optional.of(QuotationStatus.FINAL), firstPage()).items())
                .extracting(Quotation::id).containsExactly(mine.id());
        assertRefused(() -> quotations.getQuotation(otherCp, mine.id()), NotFound.class, "NOT_FOUND");
        assertRefused(() -> quotations.getQuotation(cp, "QUOTE-99999999999999999999"), NotFound.class, "NOT_FOUND");
    }

    @Test
    void aDraftHasNoProposal() {
        Quotation draft = quotations.createQuotation(kam, aQuotation(lead, QuotationStatus.DRAFT));

        assertRefused(() -> quotations.proposal(kam, draft.id()), Conflict.class, "NOT_FINAL");
        assertThat(quotations.proposal(cp, fixtures.aFinalQuotation(cp, lead).id()).pdfStatus()).isEqualTo("PENDING");
    }

    private Quotation accept(Quotation quotation) {
        return quotations.acceptQuotation(customer, quotation.id(), false, null, from());
    }

    private static List<String> ids(Caller caller) {
        return quotations.listQuotations(caller, Optional.empty(), Optional.empty(), firstPage()).items().stream().map(Quotation::id).toList();
    }

    private static PageRequest firstPage() {
        return new PageRequest(PageRequest.MAX_LIMIT, Optional.empty());
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Class<? extends DomainException> type,
                                      String code) {
        assertThat(catchThrowable(call)).isInstanceOfSatisfying(type, e -> assertThat(e.code()).isEqualTo(code));
    }
}
