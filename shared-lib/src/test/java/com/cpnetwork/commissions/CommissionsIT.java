package com.cpnetwork.commissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.cpnetwork.leads.Lead;
import com.cpnetwork.leads.LeadStatus;
import com.cpnetwork.leads.RequestedService;
import com.cpnetwork.leads.ServiceRequest;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.PageRequest;
import com.cpnetwork.platform.errors.Conflict;
import com.cpnetwork.platform.errors.DomainException;
import com.cpnetwork.platform.errors.Forbidden;
import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.platform.errors.NotFound;
import com.cpnetwork.quotations.Quotation;
import com.cpnetwork.quotations.QuotationFixtures;
import com.cpnetwork.quotations.QuotationStatus;
import com.cpnetwork.testing.AllAtOnce;
import com.cpnetwork.testing.Fixtures;
import com.cpnetwork.testing.Rows;
import com.cpnetwork.testing.TestBackend;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Commissions from a lead's execution to payment, cancellation and clawback; who sees and does what. */
class CommissionsIT {

    @RegisterExtension
    static final TestBackend world = TestBackend.perTestClass();

    private static QuotationFixtures fixtures;
    private static CommissionService commissions;
    private static Caller admin;
    private static Caller kam;

    private Caller cp;
    private Lead lead;

    @BeforeAll
    static void anOrganization() {
        fixtures = new QuotationFixtures(world);
        commissions = world.backend().commissions();
        admin = fixtures.anOrganizationInMaharashtra();
        kam = Fixtures.callerOf(world.fixtures().aKam(admin));
    }

    @BeforeEach
    void aCpWithALeadReadyToExecute() {
        cp = fixtures.aCpOf(admin, kam, "MH");
        lead = fixtures.aWonLeadWithAcceptedQuotation(cp);
    }

    @Test
    void executingTheLeadCreatesThePendingCommissionFromTheAcceptedQuotation() {
        execute();

        Commission commission = only(commissions.listCommissions(cp, Optional.empty(), Optional.empty(), Optional.of(lead.id()), all()).items());
        assertThat(commission.id()).matches("COMM-\\d+");
        assertThat(commission.kind()).isEqualTo(CommissionKind.COMMISSION);
        assertThat(commission.status()).isEqualTo(CommissionStatus.PENDING);
        assertThat(commission.amount()).isEqualTo("20625.00"); // 1,65,000 × 12.5 % = 20,625
        assertThat(commission.cpId()).isEqualTo(cp.userId());
        assertThat(commission.quotationVersion()).isEqualTo(1);
        assertThat(commission.quotationId()).isEqualTo(Rows.one("SELECT id FROM quotations WHERE lead_id = ? AND status = 'ACCEPTED'", lead.id()));
        assertThat(Rows.auditActions(commission.id())).containsExactly("COMMISSION_CREATED");
        assertThat(commissions.getCommission(cp, commission.id()).history()).extracting(Commission.Change::action)
                .containsExactly("COMMISSION_CREATED");
    }

    @Test
    void theAmountIsRoundedHalfUpToPaise() {
        assertThat(CommissionLedger.amount(new BigDecimal("100000.05"), new BigDecimal("12.5"))).isEqualByComparingTo("12500.01");
        assertThat(CommissionLedger.amount(new BigDecimal("1234.57"), new BigDecimal("33.33"))).isEqualByComparingTo("411.48");
        assertThat(CommissionLedger.amount(new BigDecimal("0.10"), new BigDecimal("5"))).isEqualByComparingTo("0.01");
    }

    @Test
    void twentyConcurrentExecutionsOfOneLeadLetOneThroughAndCreateExactlyOneCommission() throws Exception {
        List<Throwable> outcomes = AllAtOnce.outcomes(20, this::execute);

        assertThat(outcomes).filteredOn(outcome -> outcome == null).hasSize(1);
        assertThat(outcomes).filteredOn(outcome -> outcome != null).hasSize(19)
                .allSatisfy(refusal -> assertThat(((DomainException) refusal).code()).isEqualTo("LEAD_LOCKED"));
        assertThat(Rows.count("SELECT count(*) FROM commissions WHERE lead_id = ?", lead.id())).isEqualTo(1);
        assertThat(Rows.count("SELECT count(*) FROM lead_status_history WHERE lead_id = ? AND to_status = 'EXECUTED'", lead.id())).isEqualTo(1);
    }

    @Test
    void reversingAnUnpaidSaleCancelsItsCommissionAndAReexecutionCreatesANewOne() {
        execute();
        fixtures.moveLead(admin, lead, LeadStatus.WON, true);

        Commission cancelled = only(listFor(lead));
        assertThat(cancelled.status()).isEqualTo(CommissionStatus.CANCELLED);
        assertRefused(() -> commissions.approve(kam, cancelled.id()), Conflict.class, "COMMISSION_CANCELLED");

        execute();

        assertThat(listFor(lead)).extracting(Commission::status).containsExactlyInAnyOrder(CommissionStatus.CANCELLED, CommissionStatus.PENDING);
    }

    @Test
    void aPaidCommissionStaysPaidWhenTheSaleIsReversedAndAClawbackTakesItBack() {
        Commission paid = paid(execute());

        fixtures.moveLead(admin, lead, LeadStatus.LOST, true);

        List<Commission> entries = listFor(lead);
        assertThat(entries).hasSize(2);
        Commission original = entries.stream().filter(entry -> entry.kind() == CommissionKind.COMMISSION).findFirst().orElseThrow();
        Commission clawback = entries.stream().filter(entry -> entry.kind() == CommissionKind.CLAWBACK).findFirst().orElseThrow();
        assertThat(original.status()).isEqualTo(CommissionStatus.PAID);
        assertThat(original.reversedAt()).isNotNull();
        assertThat(clawback.amount()).isEqualTo("-" + paid.amount());
        assertThat(clawback.cpId()).isEqualTo(cp.userId());
        assertThat(clawback.reverses()).isEqualTo(paid.id());
        assertThat(clawback.status()).isEqualTo(CommissionStatus.PENDING);
        assertThat(commissions.listCommissions(cp, Optional.empty(), Optional.empty(), Optional.empty(), all()).items())
                .extracting(Commission::id).contains(clawback.id());
        assertThat(Rows.auditActions(clawback.id())).containsExactly("CLAWBACK_CREATED");
    }

    @Test
    void approvalAndPaymentFollowPendingApprovedPaidAndTellTheCp() {
        Commission pending = execute();
        world.outbox().deliverPending();
        assertRefused(() -> commissions.markPaid(admin, pending.id(), payment("UTR000000000001")), Conflict.class, "NOT_APPROVED");

        Commission approved = commissions.approve(kam, pending.id());
        assertThat(approved.status()).isEqualTo(CommissionStatus.APPROVED);
        assertRefused(() -> commissions.approve(kam, pending.id()), Conflict.class, "ALREADY_APPROVED");

        Commission paid = commissions.markPaid(admin, pending.id(), payment("hdfc0000123456"));
        assertThat(paid.status()).isEqualTo(CommissionStatus.PAID);
        assertThat(paid.utr()).isEqualTo("HDFC0000123456");
        assertThat(paid.paidOn()).isEqualTo(today());
        String cpPhone = world.backend().users().me(cp).phone();
        assertThat(world.outbox().deliverPending()).filteredOn(message -> message.to().equals(cpPhone))
                .extracting(message -> message.body().contains("approved") ? "approved" : message.body().contains("paid") ? "paid" : "other")
                .containsExactlyInAnyOrder("approved", "paid");
        assertThat(commissions.getCommission(admin, paid.id()).history()).extracting(Commission.Change::action)
                .containsExactly("COMMISSION_CREATED", "COMMISSION_APPROVED", "COMMISSION_PAID");
        assertRefused(() -> commissions.approve(admin, paid.id()), Conflict.class, "COMMISSION_LOCKED");
    }

    @Test
    void badPaymentsAreRefused() {
        Commission approved = commissions.approve(admin, execute().id());

        assertThat(catchThrowable(() -> new Payment("UTR 1234 5678 90", today()))).isInstanceOf(Invalid.class);
        assertThat(catchThrowable(() -> new Payment("UTR-1234567890", today()))).isInstanceOf(Invalid.class);
        assertThat(catchThrowable(() -> new Payment("SHORT1", today()))).isInstanceOf(Invalid.class);
        assertThat(((Invalid) catchThrowable(() -> new Payment(null, null))).details()).containsOnlyKeys("utr", "paidOn");
        assertRefused(() -> commissions.markPaid(admin, approved.id(), new Payment("UTR000000000009", today().plusDays(1))), Invalid.class,
                "VALIDATION_FAILED");
        assertRefused(() -> commissions.markPaid(kam, approved.id(), payment("UTR000000000009")), Forbidden.class, "FORBIDDEN");

        paid(otherExecutedCommission(), "UTR000000000777");
        assertRefused(() -> commissions.markPaid(admin, approved.id(), payment("utr000000000777")), Conflict.class, "UTR_TAKEN");
    }

    @Test
    void aPaidCommissionChangesOnlyByAnAdminsOverride() {
        Commission paid = paid(execute());
        Caller newCp = fixtures.aCpOf(admin, kam, "MH");

        assertRefused(() -> commissions.overwrite(admin, paid.id(), new CommissionChanges(newCp.userId(), null, "reassigned", false)),
                Conflict.class, "COMMISSION_LOCKED");
        assertRefused(() -> commissions.overwrite(kam, paid.id(), new CommissionChanges(newCp.userId(), null, "reassigned", true)),
                Forbidden.class, "FORBIDDEN");
        assertThat(catchThrowable(() -> new CommissionChanges(newCp.userId(), null, " ", true))).isInstanceOf(Invalid.class);

        Commission moved = commissions.overwrite(admin, paid.id(), new CommissionChanges(newCp.userId(), new BigDecimal("19000"),
                "Lead was reassigned mid-process", true));

        assertThat(moved.cpId()).isEqualTo(newCp.userId());
        assertThat(moved.amount()).isEqualTo("19000.00");
        assertThat(moved.history()).last().satisfies(change -> {
            assertThat(change.action()).isEqualTo("COMMISSION_OVERWRITTEN");
            assertThat(change.reason()).isEqualTo("Lead was reassigned mid-process");
        });
        assertThat(Rows.auditActions(paid.id())).contains("COMMISSION_UPDATED", "COMMISSION_OVERRIDE");
        assertRefused(() -> commissions.overwrite(admin, paid.id(), new CommissionChanges(null, new BigDecimal("-1"), "oops", true)),
                Invalid.class, "VALIDATION_FAILED");
    }

    @Test
    void eachRoleSeesItsOwnCommissions() {
        Commission mine = execute();
        Commission theirs = otherExecutedCommission();
        Caller otherKam = Fixtures.callerOf(world.fixtures().aKam(admin));

        assertThat(ids(cp)).contains(mine.id()).doesNotContain(theirs.id());
        assertThat(ids(kam)).contains(mine.id());
        assertThat(ids(otherKam)).doesNotContain(mine.id());
        assertThat(ids(admin)).contains(mine.id(), theirs.id());
        assertRefused(() -> commissions.getCommission(otherKam, mine.id()), NotFound.class, "NOT_FOUND");
        assertRefused(() -> commissions.approve(otherKam, mine.id()), NotFound.class, "NOT_FOUND");
        assertRefused(() -> commissions.approve(cp, mine.id()), Forbidden.class, "FORBIDDEN");
        assertRefused(() -> commissions.getCommission(cp, "COMM-99999999999999999999"), NotFound.class, "NOT_FOUND");
        assertRefused(() -> commissions.listCommissions(QuotationFixtures.customerOf(lead), Optional.empty(), Optional.empty(), Optional.empty(),
                all()), Forbidden.class, "FORBIDDEN");
    }

    @Test
    void thePayoutFileListsTheApprovedCommissionsWithTheirCp() {
        Commission approved = commissions.approve(admin, execute().id());
        String cpName = world.backend().users().me(cp).name();

        String csv = commissions.payoutsCsv(admin);

        assertThat(csv).startsWith("cpName,cpId,cpPhone,commissionId,leadId,amount,reference\r\n");
        assertThat(csv).contains(cpName + "," + cp.userId() + ",").contains("," + approved.id() + "," + lead.id() + ",20625.00," + approved.id() + "\r\n");
        assertRefused(() -> commissions.payoutsCsv(kam), Forbidden.class, "FORBIDDEN");
    }

    @Test
    void aLeadNoCpWorksIsNotExecutedForItsCommissionWouldBeNobodys() {
        Caller customer = QuotationFixtures.customerOf(lead);
        Lead unassigned = world.backend().leads().requestService(customer, new ServiceRequest(
                List.of(new RequestedService("SOLAR_ROOFTOP", null)), null, "GJ", null));
        assertThat(unassigned.cpId()).isNull();
        Quotation shared = fixtures.quotations().shareQuotation(admin, fixtures.quotations().createQuotation(admin,
                QuotationFixtures.aQuotation(unassigned, QuotationStatus.FINAL)).id());
        fixtures.quotations().acceptQuotation(customer, shared.id(), false, null, QuotationFixtures.from());
        fixtures.moveLead(admin, unassigned, LeadStatus.WON, false);

        assertRefused(() -> fixtures.moveLead(admin, unassigned, LeadStatus.EXECUTED, false), Conflict.class, "LEAD_UNASSIGNED");
        assertThat(Rows.count("SELECT count(*) FROM commissions WHERE lead_id = ?", unassigned.id())).isZero();
    }

    private Commission execute() {
        fixtures.moveLead(cp, lead, LeadStatus.EXECUTED, false);
        return listFor(lead).stream().filter(entry -> entry.status() != CommissionStatus.CANCELLED).findFirst().orElseThrow();
    }

    private Commission otherExecutedCommission() {
        Caller otherCp = fixtures.aCpOf(admin, Fixtures.callerOf(world.fixtures().aKam(admin)), "MH");
        Lead other = fixtures.aWonLeadWithAcceptedQuotation(otherCp);
        fixtures.moveLead(otherCp, other, LeadStatus.EXECUTED, false);
        return only(listFor(other));
    }

    private Commission paid(Commission commission) {
        return paid(commission, "UTR" + UUID.randomUUID().toString().replace("-", "").substring(0, 15).toUpperCase());
    }

    private Commission paid(Commission commission, String utr) {
        commissions.approve(admin, commission.id());
        return commissions.markPaid(admin, commission.id(), payment(utr));
    }

    private static List<Commission> listFor(Lead lead) {
        return commissions.listCommissions(admin, Optional.empty(), Optional.empty(), Optional.of(lead.id()), all()).items();
    }

    private static List<String> ids(Caller caller) {
        return commissions.listCommissions(caller, Optional.empty(), Optional.empty(), Optional.empty(), all()).items().stream()
                .map(Commission::id).toList();
    }

    private static Commission only(List<Commission> entries) {
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }

    private static Payment payment(String utr) {
        return new Payment(utr, today());
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneId.of("Asia/Kolkata"));
    }

    private static PageRequest all() {
        return new PageRequest(PageRequest.MAX_LIMIT, Optional.empty());
    }

    private static void assertRefused(ThrowingCallable call, Class<? extends DomainException> type, String code) {
        assertThat(catchThrowable(call)).isInstanceOfSatisfying(type, e -> assertThat(e.code()).isEqualTo(code));
    }
}
