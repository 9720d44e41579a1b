package com.cpnetwork.leads;

import static com.cpnetwork.leads.LeadFixtures.aNewLead;
import static com.cpnetwork.leads.LeadFixtures.auditOf;
import static com.cpnetwork.leads.LeadFixtures.followUp;
import static com.cpnetwork.leads.LeadFixtures.moveTo;
import static com.cpnetwork.leads.LeadFixtures.overrideTo;
import static com.cpnetwork.leads.LeadFixtures.remarks;
import static com.cpnetwork.leads.LeadFixtures.services;
import static com.cpnetwork.testing.Fixtures.aPhone;
import static com.cpnetwork.testing.Fixtures.callerOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.cpnetwork.leads.LeadFixtures.AuditRow;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Patch;
import com.cpnetwork.platform.errors.Conflict;
import com.cpnetwork.platform.errors.DomainException;
import com.cpnetwork.platform.errors.Forbidden;
import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.platform.errors.NotFound;
import com.cpnetwork.testing.MutableClock;
import com.cpnetwork.testing.Rows;
import com.cpnetwork.testing.TestBackend;
import com.cpnetwork.testing.TestInfrastructure;
import com.cpnetwork.users.User;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bringing leads in, moving them through the pipeline, reassigning them: the rules, the history and the audit trail. */
class LeadsIT {

    @RegisterExtension
    static final TestBackend world = TestBackend.perTestClass();

    private static LeadService leads;
    private static LeadFixtures fixtures;
    private static MutableClock clock;
    private static Caller admin;
    private static User kam;
    private static User otherKam;

    private User cp;
    private Caller cpCaller;
    private Caller kamCaller;

    @BeforeAll
    static void oneOrganizationWithTwoKams() {
        leads = world.backend().leads();
        fixtures = new LeadFixtures(world);
        clock = world.clock();
        admin = world.fixtures().anOrganization();
        kam = world.fixtures().aKam(admin);
        otherKam = world.fixtures().aKam(admin);
    }

    @BeforeEach
    void aCpInMaharashtraOfTheFirstKam() {
        cp = fixtures.aCpOf(admin, kam, "MH");
        cpCaller = callerOf(cp);
        kamCaller = callerOf(kam);
    }

    // --- bringing leads in ----------------------------------------------------------------------------------------

    @Test
    void aCpBringsInALeadForThemselves() {
        String phone = aPhone();
        LocalDate tomorrow = today().plusDays(1);
        NewLead request = new NewLead(" Ravi Kumar ", "0" + phone.substring(3), "12 MG Road", "MH",
                List.of(new RequestedService("SOLAR_ROOFTOP", "3 kW"), new RequestedService("EV_CHARGER", null)),
                "Call after 6 pm", tomorrow, null);

        CreatedLead created = leads.createLead(cpCaller, request);

        Lead lead = created.lead();
        assertThat(lead.id()).matches("LEAD-\\d+");
        assertThat(lead.status()).isEqualTo(LeadStatus.NEW);
        assertThat(lead.cpId()).isEqualTo(cp.id());
        assertThat(lead.customerName()).isEqualTo("Ravi Kumar");
        assertThat(lead.customerPhone()).isEqualTo(phone);
        assertThat(lead.services()).containsExactly(new RequestedService("SOLAR_ROOFTOP", "3 kW"), new RequestedService("EV_CHARGER", null));
        assertThat(lead.followUpDate()).isEqualTo(tomorrow);
        assertThat(lead.source()).isEqualTo("CP");
        assertThat(lead.createdBy()).isEqualTo(cp.id());
        assertThat(List.of(lead.createdAt(), lead.updatedAt(), lead.statusChangedAt())).containsOnly(clock.instant());
        assertThat(created.possibleDuplicates()).isEmpty();
        assertThat(leads.getLead(cpCaller, lead.id())).isEqualTo(lead);
        assertThat(Rows.column("SELECT service_type FROM lead_services WHERE lead_id = ? ORDER BY position", lead.id()))
                .containsExactly("SOLAR_ROOFTOP", "EV_CHARGER");
    }

    @Test
    void leadIdsAreNumberedInOrder() {
        Lead first = fixtures.aLeadOf(cp);
        Lead second = fixtures.aLeadOf(cp);

        assertThat(number(second)).isGreaterThan(number(first));
    }

    @Test
    void aCpBringsInLeadsOnlyForThemselves() {
        User otherCp = fixtures.aCpOf(admin, kam, "MH");

        assertInvalid(() -> leads.createLead(cpCaller, aNewLead(aPhone(), "MH", otherCp.id())), "cpId");
        assertThat(leads.createLead(cpCaller, aNewLead(aPhone(), "MH", cp.id())).lead().cpId()).isEqualTo(cp.id());
    }

    @Test
    void aKamBringsInALeadForACpTheyLookAfter() {
        Lead lead = leads.createLead(kamCaller, aNewLead(aPhone(), "MH", cp.id())).lead();

        assertThat(lead.cpId()).isEqualTo(cp.id());
        assertThat(lead.source()).isEqualTo("STAFF");
        assertThat(lead.createdBy()).isEqualTo(kam.id());
        assertThat(leads.getLead(cpCaller, lead.id())).isEqualTo(lead);
    }

    @Test
    void aKamCannotBringInALeadForAnotherKamsCp() {
        User theirs = fixtures.aCpOf(admin, otherKam, "MH");
        String phone = aPhone();

        assertThat(catchThrowable(() -> leads.createLead(kamCaller, aNewLead(phone, "MH", theirs.id()))))
                .isInstanceOfSatisfying(Forbidden.class, e -> assertThat(e.code()).isEqualTo("NOT_YOUR_CP"));
        assertThat(Rows.count("SELECT count(*) FROM leads WHERE customer_phone = ?", phone)).isZero();
        assertThat(Rows.count("SELECT count(*) FROM users WHERE phone = ?", phone)).isZero();
    }

    @Test
    void anAdminBringsInALeadForAnyCp() {
        User theirs = fixtures.aCpOf(admin, otherKam, "KA");
        User withoutKam = world.fixtures().aCpIn(admin, "GJ");

        assertThat(leads.createLead(admin, aNewLead(aPhone(), "KA", theirs.id())).lead().cpId()).isEqualTo(theirs.id());
        assertThat(leads.createLead(admin, aNewLead(aPhone(), "GJ", withoutKam.id())).lead().cpId()).isEqualTo(withoutKam.id());
    }

    @Test
    void staffNameTheCpWhoWillWorkTheLead() {
        assertInvalid(() -> leads.createLead(kamCaller, aNewLead(aPhone(), "MH", null)), "cpId");
        assertInvalid(() -> leads.createLead(admin, aNewLead(aPhone(), "MH", null)), "cpId");
    }

    @Test
    void theChosenCpMustBeACpOfTheOrganization() {
        Caller otherAdmin = world.fixtures().anOrganization();
        User foreignCp = world.fixtures().aCpIn(otherAdmin, "MH");

        assertInvalid(() -> leads.createLead(admin, aNewLead(aPhone(), "MH", kam.id())), "cpId");
        assertInvalid(() -> leads.createLead(admin, aNewLead(aPhone(), "MH", UUID.randomUUID())), "cpId");
        assertInvalid(() -> leads.createLead(admin, aNewLead(aPhone(), "MH", foreignCp.id())), "cpId");
    }

    @Test
    void aLeadForADeactivatedOrBlockedCpIsRefused() {
        User deactivated = fixtures.deactivate(admin, fixtures.aCpOf(admin, kam, "MH"));
        User blocked = fixtures.block(admin, fixtures.aCpOf(admin, kam, "MH"));

        for (User inactive : List.of(deactivated, blocked)) {
            assertConflict(() -> leads.createLead(kamCaller, aNewLead(aPhone(), "MH", inactive.id())), "CP_INACTIVE");
            assertConflict(() -> leads.createLead(admin, aNewLead(aPhone(), "MH", inactive.id())), "CP_INACTIVE");
        }
    }

    @Test
    void customersCannotBringInLeads() {
        Caller customer = callerOf(world.fixtures().aCustomer(admin, aPhone()));

        assertThat(catchThrowable(() -> leads.createLead(customer, aNewLead(aPhone(), "MH", null)))).isInstanceOf(Forbidden.class);
    }

    @Test
    void theCustomerIsCreatedWithTheFirstLeadAndReusedByPhoneInAnyFormat() {
        String phone = aPhone();

        Lead first = leads.createLead(cpCaller, aNewLead(phone, "MH", null)).lead();
        Lead second = leads.createLead(kamCaller, aNewLead("+91-" + phone.substring(3, 8) + "-" + phone.substring(8), "MH", cp.id())).lead();

        List<Map<String, Object>> customers = Rows.list("SELECT id, role, name, phone FROM users WHERE org_id = ? AND phone = ?",
                admin.orgId(), phone);
        assertThat(customers).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("id", first.customerId()).containsEntry("role", "CUSTOMER").containsEntry("name", "Ravi Kumar");
        });
        assertThat(second.customerId()).isEqualTo(first.customerId());
        assertThat(Rows.list("SELECT action, actor_id FROM audit_log WHERE entity_id = ?", first.customerId().toString()))
                .containsExactly(Map.of("action", "USER_CREATED", "actor_id", cp.id()));
    }

    @Test
    void anExistingCustomerIsLinkedByPhone() {
        User customer = world.fixtures().aCustomer(admin, aPhone());

        Lead lead = leads.createLead(cpCaller, aNewLead(customer.phone(), "MH", null)).lead();

        assertThat(lead.customerId()).isEqualTo(customer.id());
        assertThat(leads.getLead(callerOf(customer), lead.id())).isEqualTo(lead);
    }

    @Test
    void openLeadsWithTheSamePhoneComeBackAsPossibleDuplicates() {
        String phone = aPhone();
        User theirCp = fixtures.aCpOf(admin, otherKam, "MH");
        Caller otherAdmin = world.fixtures().anOrganization();
        world.backend().leads().createLead(otherAdmin, aNewLead(phone, "MH", world.fixtures().aCpIn(otherAdmin, "MH").id()));

        Lead first = leads.createLead(cpCaller, aNewLead(phone, "MH", null)).lead();
        CreatedLead second = leads.createLead(callerOf(theirCp), aNewLead(phone, "MH", null));
        leads.changeLead(cpCaller, first.id(), moveTo(LeadStatus.LOST));
        CreatedLead third = leads.createLead(admin, aNewLead(phone, "MH", cp.id()));

        assertThat(second.possibleDuplicates()).containsExactly(
                new CreatedLead.PossibleDuplicate(first.id(), LeadStatus.NEW, cp.id(), first.createdAt()));
        assertThat(third.possibleDuplicates()).extracting(CreatedLead.PossibleDuplicate::id).containsExactly(second.lead().id());
    }

    @Test
    void anUnknownServiceTypeIsRefusedNamingItsLine() {
        String phone = aPhone();
        NewLead request = new NewLead("Ravi", phone, null, "MH", services("SOLAR_ROOFTOP", "NUCLEAR_REACTOR"), null, null, null);

        assertInvalid(() -> leads.createLead(cpCaller, request), "services[1].type");
        assertThat(Rows.count("SELECT count(*) FROM leads WHERE customer_phone = ?", phone)).isZero();
    }

    @Test
    void missingOrMalformedFieldsAreAllNamed() {
        Invalid missing = (Invalid) catchThrowable(() -> new NewLead(null, null, null, null, null, null, null, null));
        Invalid malformed = (Invalid) catchThrowable(() -> new NewLead(" ", "98-not-a-phone", null, "Maharashtra",
                List.of(new RequestedService(" ", null)), "", null, null));

        assertThat(missing.details()).containsOnlyKeys("customerName", "customerPhone", "stateCode", "services");
        assertThat(malformed.details()).containsOnlyKeys("customerName", "customerPhone", "stateCode", "services[0].type", "remarks");
        assertInvalid(() -> new NewLead("Ravi", aPhone(), null, "MH", List.of(), null, null, null), "services");
    }

    @Test
    void phonesThatCannotBeNormalizedAreRefused() {
        for (String garbage : List.of("12345", "not a phone", "+91 00000 00000", "9".repeat(40))) {
            assertInvalid(() -> leads.createLead(cpCaller, aNewLead(garbage, "MH", null)), "customerPhone");
        }
    }

    @Test
    void aFollowUpDateInThePastIsRefused() {
        NewLead yesterday = new NewLead("Ravi", aPhone(), null, "MH", services("MAINTENANCE"), null, today().minusDays(1), null);
        NewLead today = new NewLead("Ravi", aPhone(), null, "MH", services("MAINTENANCE"), null, today(), null);

        assertInvalid(() -> leads.createLead(cpCaller, yesterday), "followUpDate");
        Lead lead = leads.createLead(cpCaller, today).lead();
        assertInvalid(() -> leads.changeLead(cpCaller, lead.id(), followUp(today().minusDays(1))), "followUpDate");
        assertThat(leads.changeLead(cpCaller, lead.id(), followUp(today().plusDays(7))).followUpDate()).isEqualTo(today().plusDays(7));
        assertThat(leads.changeLead(cpCaller, lead.id(), followUp(null)).followUpDate()).isNull();
    }

    // --- the audit trail --------------------------------------------------------------------------------------------

    @Test
    void everyCreateChangeAndReassignmentIsAuditedWithItsSnapshots() {
        User sameStateCp = fixtures.aCpOf(admin, kam, "MH");
        User otherStateCp = fixtures.aCpOf(admin, kam, "KA");
        Lead lead = leads.createLead(kamCaller, aNewLead(aPhone(), "MH", cp.id())).lead();

        leads.changeLead(cpCaller, lead.id(), new LeadChanges(Optional.of(LeadStatus.IN_DISCUSSION), Patch.of("Met at the site"),
                Patch.absent(), false, null, null));
        leads.reassignLead(kamCaller, lead.id(), sameStateCp.id(), false, null);
        leads.changeLead(kamCaller, lead.id(), overrideTo(LeadStatus.NEW, "Customer asked to start over"));
        leads.reassignLead(admin, lead.id(), otherStateCp.id(), true, "Moved to Bengaluru");

        List<AuditRow> audit = auditOf(lead.id());
        assertThat(audit).extracting(AuditRow::action).containsExactly("LEAD_CREATED", "LEAD_UPDATED", "LEAD_REASSIGNED",
                "LEAD_UPDATED", "LEAD_OVERRIDE", "LEAD_REASSIGNED", "LEAD_OVERRIDE");
        assertThat(audit).extracting(AuditRow::actorId).containsExactly(kam.id(), cp.id(), kam.id(), kam.id(), kam.id(), admin.userId(),
                admin.userId());
        AuditRow created = audit.get(0);
        assertThat(created.oldValue()).isNull();
        assertThat(created.newValue().path("id").asText()).isEqualTo(lead.id());
        assertThat(created.newValue().path("status").asText()).isEqualTo("NEW");
        AuditRow moved = audit.get(1);
        assertThat(moved.oldValue().path("status").asText()).isEqualTo("NEW");
        assertThat(moved.oldValue().path("remarks").isNull()).isTrue();
        assertThat(moved.newValue().path("status").asText()).isEqualTo("IN_DISCUSSION");
        assertThat(moved.newValue().path("remarks").asText()).isEqualTo("Met at the site");
        AuditRow reassigned = audit.get(2);
        assertThat(reassigned.oldValue().path("cpId").asText()).isEqualTo(cp.id().toString());
        assertThat(reassigned.newValue().path("cpId").asText()).isEqualTo(sameStateCp.id().toString());
        assertThat(audit.get(4).newValue().path("reason").asText()).isEqualTo("Customer asked to start over");
        assertThat(audit.get(5).newValue().path("cpId").asText()).isEqualTo(otherStateCp.id().toString());
        assertThat(audit.get(6).newValue().path("reason").asText()).isEqualTo("Moved to Bengaluru");
    }

    @Test
    void aRefusedChangeLeavesNoTrace() {
        Lead lead = fixtures.aLeadOf(cp);
        Instant changedAt = lead.statusChangedAt();
        clock.advance(Duration.ofMinutes(5));

        assertConflict(() -> leads.changeLead(cpCaller, lead.id(), moveTo(LeadStatus.WON)), "TRANSITION_NOT_ALLOWED");
        assertConflict(() -> leads.reassignLead(kamCaller, lead.id(), fixtures.aCpOf(admin, kam, "KA").id(), false, null), "TERRITORY_MISMATCH");

        assertThat(auditOf(lead.id())).extracting(AuditRow::action).containsExactly("LEAD_CREATED");
        assertThat(leads.history(admin, lead.id())).hasSize(1);
        assertThat(leads.getLead(admin, lead.id()).statusChangedAt()).isEqualTo(changedAt);
    }

    @Test
    void aLeadChangeAndItsAuditEntryCommitTogetherOrNotAtAll() {
        Lead lead = fixtures.aLeadOf(cp);
        String phone = aPhone();
        Rows.execute("""
                CREATE FUNCTION refuse_audit_for_test() RETURNS trigger LANGUAGE plpgsql
                    AS $$ BEGIN RAISE EXCEPTION 'audit_log refuses this entry for a test'; END $$""");
        Rows.execute("""
                CREATE TRIGGER refuse_audit_for_test BEFORE INSERT ON audit_log FOR EACH ROW
                    WHEN (NEW.new_value::text LIKE '%audit-must-fail%') EXECUTE FUNCTION refuse_audit_for_test()""");
        try {
            assertThat(catchThrowable(() -> leads.changeLead(cpCaller, lead.id(), new LeadChanges(Optional.of(LeadStatus.IN_DISCUSSION),
                    Patch.of("audit-must-fail"), Patch.absent(), false, null, null)))).isNotNull();
            assertThat(catchThrowable(() -> leads.createLead(cpCaller, new NewLead("Ravi", phone, null, "MH", services("MAINTENANCE"),
                    "audit-must-fail", null, null)))).isNotNull();
        } finally {
            Rows.execute("DROP TRIGGER refuse_audit_for_test ON audit_log");
            Rows.execute("DROP FUNCTION refuse_audit_for_test()");
        }

        assertThat(leads.getLead(admin, lead.id())).isEqualTo(lead);
        assertThat(leads.history(admin, lead.id())).hasSize(1);
        assertThat(Rows.count("SELECT count(*) FROM leads WHERE customer_phone = ?", phone)).isZero();
        assertThat(Rows.count("SELECT count(*) FROM users WHERE phone = ?", phone)).isZero();
    }

    // --- history ----------------------------------------------------------------------------------------------------

    @Test
    void historyRecordsEveryMoveWithTheTimeSpentInTheStageLeft() {
        Instant created = clock.instant();
        Lead lead = fixtures.aLeadOf(cp);
        clock.advance(Duration.ofSeconds(90));
        leads.changeLead(cpCaller, lead.id(), moveTo(LeadStatus.IN_DISCUSSION));
        clock.advance(Duration.ofHours(1));
        leads.changeLead(kamCaller, lead.id(), moveTo(LeadStatus.PHYSICAL_MEETING));
        clock.advance(Duration.ofDays(2));
        leads.changeLead(cpCaller, lead.id(), remarks("Waiting for the roof survey"));
        clock.advance(Duration.ofSeconds(30));
        Instant lostAt = clock.instant();
        leads.changeLead(cpCaller, lead.id(), new LeadChanges(Optional.of(LeadStatus.LOST), Patch.absent(), Patch.absent(), false, null,
                "Went with a cheaper installer"));

        List<StatusChange> history = leads.history(cpCaller, lead.id());

        assertThat(history).containsExactly(
                new StatusChange(null, LeadStatus.NEW, cp.id(), created, false, null, null),
                new StatusChange(LeadStatus.NEW, LeadStatus.IN_DISCUSSION, cp.id(), created.plusSeconds(90), false, null, 90L),
                new StatusChange(LeadStatus.IN_DISCUSSION, LeadStatus.PHYSICAL_MEETING, kam.id(), created.plusSeconds(90 + 3600), false,
                        null, 3600L),
                new StatusChange(LeadStatus.PHYSICAL_MEETING, LeadStatus.LOST, cp.id(), lostAt, false, "Went with a cheaper installer",
                        2 * 86_400L + 30));
        assertThat(leads.getLead(cpCaller, lead.id()).statusChangedAt()).isEqualTo(lostAt);
        assertThat(leads.history(admin, lead.id())).isEqualTo(history);
        assertThat(leads.history(kamCaller, lead.id())).isEqualTo(history);
    }

    @Test
    void onlyThoseWhoSeeTheLeadSeeItsHistory() {
        Lead lead = fixtures.aLeadOf(cp);

        assertThat(catchThrowable(() -> leads.history(callerOf(fixtures.aCpOf(admin, kam, "MH")), lead.id()))).isInstanceOf(NotFound.class);
        assertThat(catchThrowable(() -> leads.history(callerOf(otherKam), lead.id()))).isInstanceOf(NotFound.class);
        assertThat(catchThrowable(() -> leads.history(world.fixtures().anOrganization(), lead.id()))).isInstanceOf(NotFound.class);
    }

    // --- the pipeline -----------------------------------------------------------------------------------------------

    @Test
    void executingALeadIsRefusedWithoutAnAcceptedQuotation() {
        Lead won = fixtures.aLeadOf(cp, LeadStatus.WON);
        int audited = auditOf(won.id()).size();

        assertConflict(() -> leads.changeLead(cpCaller, won.id(), moveTo(LeadStatus.EXECUTED)), "NO_ACCEPTED_QUOTATION");
        assertConflict(() -> leads.changeLead(admin, won.id(), overrideTo(LeadStatus.EXECUTED, "Paid in cash")), "NO_ACCEPTED_QUOTATION");
        assertConflict(() -> leads.changeLead(cpCaller, fixtures.aLeadOf(cp).id(), moveTo(LeadStatus.EXECUTED)), "TRANSITION_NOT_ALLOWED");

        assertThat(leads.getLead(admin, won.id())).isEqualTo(won);
        assertThat(leads.history(admin, won.id())).extracting(StatusChange::to).doesNotContain(LeadStatus.EXECUTED);
        assertThat(auditOf(won.id())).hasSize(audited);
    }

    @Test
    void theLeadMovesForwardStepByStepWithoutAnOverride() {
        Lead won = fixtures.aLeadOf(cp, LeadStatus.WON);

        assertThat(won.status()).isEqualTo(LeadStatus.WON);
        assertThat(leads.history(cpCaller, won.id())).extracting(StatusChange::to).containsExactly(LeadStatus.NEW,
                LeadStatus.IN_DISCUSSION, LeadStatus.PHYSICAL_MEETING, LeadStatus.CUSTOMER_ACCEPTED, LeadStatus.WON);
    }

    @Test
    void movingToLostNeedsAReasonAndRecordsIt() {
        Lead lead = fixtures.aLeadOf(cp, LeadStatus.PHYSICAL_MEETING);

        for (String missing : new String[] {null, " "}) {
            assertInvalid(() -> new LeadChanges(Optional.of(LeadStatus.LOST), Patch.absent(), Patch.absent(), false, null, missing), "lostReason");
        }
        Lead lost = leads.changeLead(cpCaller, lead.id(), new LeadChanges(Optional.of(LeadStatus.LOST), Patch.absent(), Patch.absent(),
                false, null, "Budget cut"));

        assertThat(lost.status()).isEqualTo(LeadStatus.LOST);
        assertThat(lost.lostReason()).isEqualTo("Budget cut");
        assertThat(leads.getLead(cpCaller, lead.id()).lostReason()).isEqualTo("Budget cut");
        assertThat(leads.history(cpCaller, lead.id()).get(3)).satisfies(change -> {
            assertThat(change.to()).isEqualTo(LeadStatus.LOST);
            assertThat(change.reason()).isEqualTo("Budget cut");
        });
    }

    @Test
    void aClosedLeadIsLockedUntilAKamOrAdminReopensItWithAReason() {
        Lead lost = fixtures.aLeadOf(cp, LeadStatus.LOST);

        assertConflict(() -> leads.changeLead(cpCaller, lost.id(), moveTo(LeadStatus.IN_DISCUSSION)), "LEAD_LOCKED");
        assertConflict(() -> leads.changeLead(cpCaller, lost.id(), remarks("One more try")), "LEAD_LOCKED");
        assertConflict(() -> leads.changeLead(kamCaller, lost.id(), remarks("One more try")), "LEAD_LOCKED");
        assertThat(catchThrowable(() -> leads.changeLead(cpCaller, lost.id(), overrideTo(LeadStatus.NEW, "Please")))).isInstanceOf(Forbidden.class);
        Lead reopened = leads.changeLead(kamCaller, lost.id(), overrideTo(LeadStatus.IN_DISCUSSION, "Customer called back"));

        assertThat(reopened.status()).isEqualTo(LeadStatus.IN_DISCUSSION);
        assertThat(reopened.lostReason()).isNull();
        assertThat(leads.history(admin, lost.id())).last().satisfies(change -> {
            assertThat(change.from()).isEqualTo(LeadStatus.LOST);
            assertThat(change.override()).isTrue();
            assertThat(change.reason()).isEqualTo("Customer called back");
            assertThat(change.actorId()).isEqualTo(kam.id());
        });
    }

    @Test
    void backwardMoveWithoutOverrideIsRefused() {
        Lead meeting = fixtures.aLeadOf(cp, LeadStatus.PHYSICAL_MEETING);

        assertConflict(() -> leads.changeLead(cpCaller, meeting.id(), moveTo(LeadStatus.IN_DISCUSSION)), "TRANSITION_NOT_ALLOWED");
        assertConflict(() -> leads.changeLead(admin, meeting.id(), moveTo(LeadStatus.NEW)), "TRANSITION_NOT_ALLOWED");
    }

    @Test
    void skippingAStepWithoutOverrideIsRefused() {
        Lead lead = fixtures.aLeadOf(cp);

        assertConflict(() -> leads.changeLead(cpCaller, lead.id(), moveTo(LeadStatus.PHYSICAL_MEETING)), "TRANSITION_NOT_ALLOWED");
        assertConflict(() -> leads.changeLead(kamCaller, lead.id(), moveTo(LeadStatus.WON)), "TRANSITION_NOT_ALLOWED");
    }

    @Test
    void kamsAndAdminsOverrideBackwardMovesAndSkipsWithAReason() {
        Lead lead = fixtures.aLeadOf(cp, LeadStatus.CUSTOMER_ACCEPTED);

        leads.changeLead(kamCaller, lead.id(), overrideTo(LeadStatus.IN_DISCUSSION, "Quotation to be redone"));
        Lead skipped = leads.changeLead(admin, lead.id(), overrideTo(LeadStatus.WON, "Signed at the office"));

        assertThat(skipped.status()).isEqualTo(LeadStatus.WON);
        List<StatusChange> history = leads.history(admin, lead.id());
        assertThat(history.subList(4, 6)).extracting(StatusChange::from, StatusChange::to, StatusChange::override, StatusChange::reason,
                StatusChange::actorId).containsExactly(
                org.assertj.core.groups.Tuple.tuple(LeadStatus.CUSTOMER_ACCEPTED, LeadStatus.IN_DISCUSSION, true, "Quotation to be redone", kam.id()),
                org.assertj.core.groups.Tuple.tuple(LeadStatus.IN_DISCUSSION, LeadStatus.WON, true, "Signed at the office", admin.userId()));
        assertThat(auditOf(lead.id())).filteredOn(row -> row.action().equals("LEAD_OVERRIDE"))
                .extracting(row -> row.newValue().path("reason").asText())
                .containsExactly("Quotation to be redone", "Signed at the office");
    }

    @Test
    void aCpCannotOverrideThePipeline() {
        Lead lead = fixtures.aLeadOf(cp, LeadStatus.IN_DISCUSSION);

        assertThat(catchThrowable(() -> leads.changeLead(cpCaller, lead.id(), overrideTo(LeadStatus.NEW, "Mistake"))))
                .isInstanceOf(Forbidden.class);
        assertThat(catchThrowable(() -> leads.changeLead(cpCaller, lead.id(), overrideTo(LeadStatus.PHYSICAL_MEETING, "Plain move"))))
                .isInstanceOf(Forbidden.class);
        assertThat(leads.getLead(cpCaller, lead.id())).isEqualTo(lead);
    }

    @Test
    void anOverrideNeedsAReason() {
        for (String missing : new String[] {null, "", "  "}) {
            assertInvalid(() -> new LeadChanges(Optional.of(LeadStatus.NEW), Patch.absent(), Patch.absent(), true, missing, null), "overrideReason");
        }
    }

    @Test
    void customersCannotChangeLeadsEvenTheirOwn() {
        Lead lead = fixtures.aLeadOf(cp);
        Caller customer = new Caller(lead.customerId(), admin.orgId(), com.cpnetwork.platform.Role.CUSTOMER);

        assertThat(catchThrowable(() -> leads.changeLead(customer, lead.id(), remarks("Please call")))).isInstanceOf(Forbidden.class);
        assertThat(catchThrowable(() -> leads.reassignLead(customer, lead.id(), cp.id(), false, null))).isInstanceOf(Forbidden.class);
    }

    @Test
    void plainEditsAreLastWriteWins() {
        Lead lead = fixtures.aLeadOf(cp, LeadStatus.IN_DISCUSSION);

        leads.changeLead(cpCaller, lead.id(), remarks("Prefers mornings"));
        clock.advance(Duration.ofSeconds(1));
        Lead last = leads.changeLead(kamCaller, lead.id(), remarks("Prefers evenings"));

        assertThat(leads.getLead(cpCaller, lead.id())).isEqualTo(last);
        assertThat(last.remarks()).isEqualTo("Prefers evenings");
        assertThat(last.status()).isEqualTo(LeadStatus.IN_DISCUSSION);
        assertThat(last.statusChangedAt()).isEqualTo(lead.statusChangedAt());
        assertThat(leads.history(admin, lead.id())).hasSize(2);
        assertThat(leads.changeLead(cpCaller, lead.id(), remarks(null)).remarks()).isNull();
    }

    @Test
    void twoMovesOfOneLeadAtOnceAreJudgedOneAfterTheOther() throws Exception {
        for (int round = 0; round < 3; round++) {
            Lead lead = fixtures.aLeadOf(cp);

            List<String> outcomes = atOnce(lead.id(),
                    () -> leads.changeLead(cpCaller, lead.id(), moveTo(LeadStatus.IN_DISCUSSION)),
                    () -> leads.changeLead(kamCaller, lead.id(), moveTo(LeadStatus.LOST)));

            List<StatusChange> history = leads.history(admin, lead.id());
            Lead after = leads.getLead(admin, lead.id());
            // Whichever went first, LOST ends it: after IN_DISCUSSION it is a plain move, and after LOST the other is locked out.
            assertThat(after.status()).isEqualTo(LeadStatus.LOST);
            assertThat(outcomes).isIn(List.of("OK", "OK"), List.of("LEAD_LOCKED", "OK"));
            assertThat(history).hasSize(1 + (int) outcomes.stream().filter("OK"::equals).count());
            assertUnbrokenChain(history, after.status());
        }
    }

    @Test
    void theSameMoveMadeTwiceAtOnceIsRecordedOnce() throws Exception {
        Lead lead = fixtures.aLeadOf(cp);

        List<String> outcomes = atOnce(lead.id(),
                () -> leads.changeLead(cpCaller, lead.id(), moveTo(LeadStatus.IN_DISCUSSION)),
                () -> leads.changeLead(kamCaller, lead.id(), moveTo(LeadStatus.IN_DISCUSSION)));

        List<StatusChange> history = leads.history(admin, lead.id());
        assertThat(outcomes).containsExactly("OK", "OK");
        assertThat(history).extracting(StatusChange::to).containsExactly(LeadStatus.NEW, LeadStatus.IN_DISCUSSION);
        assertUnbrokenChain(history, LeadStatus.IN_DISCUSSION);
    }

    // --- reassignment -----------------------------------------------------------------------------------------------

    @Test
    void aKamReassignsALeadToAnotherOfTheirCpsInTheState() {
        Lead lead = fixtures.aLeadOf(cp, LeadStatus.IN_DISCUSSION);
        User next = fixtures.aCpOf(admin, kam, "MH");
        clock.advance(Duration.ofMinutes(1));

        Lead moved = leads.reassignLead(kamCaller, lead.id(), next.id(), false, null);

        assertThat(moved.cpId()).isEqualTo(next.id());
        assertThat(moved.status()).isEqualTo(LeadStatus.IN_DISCUSSION);
        assertThat(moved.updatedAt()).isEqualTo(clock.instant());
        assertThat(leads.getLead(callerOf(next), lead.id())).isEqualTo(moved);
        assertThat(catchThrowable(() -> leads.getLead(cpCaller, lead.id()))).isInstanceOf(NotFound.class);
        assertThat(leads.history(admin, lead.id())).hasSize(2);
        assertThat(auditOf(lead.id())).last().extracting(AuditRow::action).isEqualTo("LEAD_REASSIGNED");
    }

    @Test
    void reassigningOutsideTheLeadsStateIsATerritoryMismatch() {
        Lead lead = fixtures.aLeadOf(cp);
        User inKarnataka = fixtures.aCpOf(admin, kam, "KA");

        for (Caller staff : List.of(kamCaller, admin)) {
            assertThat(catchThrowable(() -> leads.reassignLead(staff, lead.id(), inKarnataka.id(), false, null)))
                    .isInstanceOfSatisfying(Conflict.class, e -> {
                        assertThat(e.code()).isEqualTo("TERRITORY_MISMATCH");
                        assertThat(e.details()).containsEntry("leadStateCode", "MH").containsEntry("cpStateCode", "KA");
                    });
        }
        assertThat(leads.getLead(admin, lead.id()).cpId()).isEqualTo(cp.id());
    }

    @Test
    void anAdminMayCrossTerritoriesWithAnOverrideAndAReason() {
        Lead lead = fixtures.aLeadOf(cp);
        User inKarnataka = fixtures.aCpOf(admin, otherKam, "KA");

        Lead moved = leads.reassignLead(admin, lead.id(), inKarnataka.id(), true, "Customer moved to Bengaluru");

        assertThat(moved.cpId()).isEqualTo(inKarnataka.id());
        assertThat(moved.stateCode()).isEqualTo("MH");
        assertThat(auditOf(lead.id())).extracting(AuditRow::action).containsExactly("LEAD_CREATED", "LEAD_REASSIGNED", "LEAD_OVERRIDE");
        assertThat(auditOf(lead.id()).get(2).newValue().path("reason").asText()).isEqualTo("Customer moved to Bengaluru");
        assertThat(auditOf(lead.id()).get(2).newValue().path("change").asText()).isEqualTo("LEAD_REASSIGNED");
    }

    @Test
    void aKamCannotOverrideATerritory() {
        Lead lead = fixtures.aLeadOf(cp);
        User inKarnataka = fixtures.aCpOf(admin, kam, "KA");

        assertConflict(() -> leads.reassignLead(kamCaller, lead.id(), inKarnataka.id(), true, "Customer moved"), "TERRITORY_MISMATCH");
        assertThat(leads.getLead(admin, lead.id()).cpId()).isEqualTo(cp.id());
    }

    @Test
    void aTerritoryOverrideNeedsAReason() {
        Lead lead = fixtures.aLeadOf(cp);
        User inKarnataka = fixtures.aCpOf(admin, kam, "KA");

        assertInvalid(() -> leads.reassignLead(admin, lead.id(), inKarnataka.id(), true, null), "overrideReason");
        assertInvalid(() -> leads.reassignLead(admin, lead.id(), inKarnataka.id(), true, " "), "overrideReason");
    }

    @Test
    void reassigningToTheSameCpChangesNothing() {
        Lead lead = fixtures.aLeadOf(cp);
        clock.advance(Duration.ofMinutes(1));

        Lead same = leads.reassignLead(kamCaller, lead.id(), cp.id(), false, null);

        assertThat(same).isEqualTo(lead);
        assertThat(leads.getLead(admin, lead.id())).isEqualTo(lead);
        assertThat(auditOf(lead.id())).extracting(AuditRow::action).containsExactly("LEAD_CREATED");
    }

    @Test
    void reassigningToAnInactiveCpOrAnotherKamsCpIsRefused() {
        Lead lead = fixtures.aLeadOf(cp);
        User deactivated = fixtures.deactivate(admin, fixtures.aCpOf(admin, kam, "MH"));
        User theirs = fixtures.aCpOf(admin, otherKam, "MH");

        assertConflict(() -> leads.reassignLead(kamCaller, lead.id(), deactivated.id(), false, null), "CP_INACTIVE");
        assertConflict(() -> leads.reassignLead(admin, lead.id(), deactivated.id(), false, null), "CP_INACTIVE");
        assertThat(catchThrowable(() -> leads.reassignLead(kamCaller, lead.id(), theirs.id(), false, null)))
                .isInstanceOfSatisfying(Forbidden.class, e -> assertThat(e.code()).isEqualTo("NOT_YOUR_CP"));
        assertInvalid(() -> leads.reassignLead(admin, lead.id(), kam.id(), false, null), "cpId");
        assertThat(leads.reassignLead(admin, lead.id(), theirs.id(), false, null).cpId()).isEqualTo(theirs.id());
    }

    @Test
    void onlyKamsAndAdminsReassign() {
        Lead lead = fixtures.aLeadOf(cp);
        User next = fixtures.aCpOf(admin, kam, "MH");

        assertThat(catchThrowable(() -> leads.reassignLead(cpCaller, lead.id(), next.id(), false, null))).isInstanceOf(Forbidden.class);
    }

    @Test
    void aKamReassignsOnlyLeadsTheySee() {
        Lead theirLead = fixtures.aLeadOf(fixtures.aCpOf(admin, otherKam, "MH"));

        assertThat(catchThrowable(() -> leads.reassignLead(kamCaller, theirLead.id(), cp.id(), false, null))).isInstanceOf(NotFound.class);
        assertThat(catchThrowable(() -> leads.changeLead(kamCaller, theirLead.id(), remarks("Mine now")))).isInstanceOf(NotFound.class);
    }

    @Test
    void aClosedLeadIsReassignedOnlyWithAnOverride() {
        Lead lost = fixtures.aLeadOf(cp, LeadStatus.LOST);
        Lead alsoLost = fixtures.aLeadOf(cp, LeadStatus.LOST);
        User next = fixtures.aCpOf(admin, kam, "MH");

        assertConflict(() -> leads.reassignLead(kamCaller, lost.id(), next.id(), false, null), "LEAD_LOCKED");
        assertConflict(() -> leads.reassignLead(admin, lost.id(), next.id(), false, null), "LEAD_LOCKED");
        assertThat(leads.reassignLead(kamCaller, lost.id(), next.id(), true, "Handover").cpId()).isEqualTo(next.id());
        assertThat(leads.reassignLead(admin, alsoLost.id(), next.id(), true, "Archive owner").cpId()).isEqualTo(next.id());
    }

    @Test
    void aChangeThatChangesNothingWritesNothing() {
        Lead lead = fixtures.aLeadOf(cp);

        Lead same = leads.changeLead(cpCaller, lead.id(), new LeadChanges(Optional.of(LeadStatus.NEW), Patch.absent(), Patch.absent(), false, null, null));

        assertThat(same).isEqualTo(lead);
        assertThat(auditOf(lead.id())).extracting(AuditRow::action).containsExactly("LEAD_CREATED");
    }

    // --- helpers ----------------------------------------------------------------------------------------------------

    private static LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static long number(Lead lead) {
        return Long.parseLong(lead.id().substring("LEAD-".length()));
    }

    private static void assertInvalid(ThrowingCallable call, String field) {
        assertThat(catchThrowable(call)).isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsKey(field));
    }

    private static void assertConflict(ThrowingCallable call, String code) {
        assertThat(catchThrowable(call)).isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    /** Each change starts from where the one before it left the lead, and the last one left it where it is. */
    private static void assertUnbrokenChain(List<StatusChange> history, LeadStatus now) {
        for (int i = 1; i < history.size(); i++) {
            assertThat(history.get(i).from()).as("entry %d starts where entry %d ended", i, i - 1).isEqualTo(history.get(i - 1).to());
        }
        assertThat(history.get(history.size() - 1).to()).isEqualTo(now);
    }

    /**
     * Runs both calls at once on a lead whose row another transaction holds, and lets go only when both are waiting
     * for it, so neither can finish before the other has started. Each outcome is "OK" or the refusal's code.
     */
    private static List<String> atOnce(String leadId, Callable<?> first, Callable<?> second) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (Connection owner = TestInfrastructure.get().ownerConnection()) {
            owner.setAutoCommit(false);
            try (PreparedStatement lock = owner.prepareStatement("SELECT id FROM leads WHERE id = ? FOR UPDATE")) {
                lock.setString(1, leadId);
                lock.executeQuery().close();
            }
            List<Future<String>> outcomes = new ArrayList<>();
            for (Callable<?> call : List.of(first, second)) {
                outcomes.add(threads.submit(() -> {
                    try {
                        call.call();
                        return "OK";
                    } catch (DomainException e) {
                        return e.code();
                    }
                }));
            }
            boolean bothWaited = awaitWaitingForALock(owner, 2, outcomes);
            owner.commit();
            List<String> results = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                results.add(outcome.get(10, TimeUnit.SECONDS));
            }
            assertThat(bothWaited).as("both changes waited for the lead's row; they ended with %s", results).isTrue();
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    private static boolean awaitWaitingForALock(Connection owner, int sessions, List<Future<String>> calls) throws Exception {
        Instant deadline = Instant.now().plusSeconds(10);
        // The owner's transaction would see pg_stat_activity as of its first look, so each look clears that snapshot.
        try (PreparedStatement waiting = owner.prepareStatement("""
                SELECT count(*) FROM (SELECT pg_stat_clear_snapshot()) AS fresh, pg_stat_activity
                 WHERE wait_event_type = 'Lock' AND application_name = 'cpnetwork'""")) {
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet rows = waiting.executeQuery()) {
                    rows.next();
                    if (rows.getInt(1) >= sessions) {
                        return true;
                    }
                }
                if (calls.stream().anyMatch(Future::isDone)) {
                    return false;
                }
                Thread.sleep(10);
            }
        }
        return false;
    }
}
