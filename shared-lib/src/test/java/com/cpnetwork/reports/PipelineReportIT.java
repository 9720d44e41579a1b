package com.cpnetwork.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.cpnetwork.leads.Lead;
import com.cpnetwork.leads.LeadStatus;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.errors.Forbidden;
import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.quotations.QuotationFixtures;
import com.cpnetwork.reports.PipelineReport.Summary;
import com.cpnetwork.testing.Fixtures;
import com.cpnetwork.testing.TestBackend;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pipeline summary over a small organization whose every figure is known: two KAMs, a CP each; the first CP
 * has four leads (one executed after two hours in WON, one lost, two new), the second one lead won.
 */
class PipelineReportIT {

    @RegisterExtension
    static final TestBackend world = TestBackend.perTestClass();

    private static PipelineReport report;
    private static Caller admin;
    private static Caller kamA;
    private static Caller cpA;
    private static Caller cpB;
    private static Instant from;

    @BeforeAll
    static void anOrganizationWithAKnownPipeline() {
        QuotationFixtures fixtures = new QuotationFixtures(world);
        report = world.backend().pipelineReport();
        from = world.clock().instant().minus(Duration.ofMinutes(1));
        admin = fixtures.anOrganizationInMaharashtra();
        kamA = Fixtures.callerOf(world.fixtures().aKam(admin));
        Caller kamB = Fixtures.callerOf(world.fixtures().aKam(admin));
        cpA = fixtures.aCpOf(admin, kamA, "MH");
        cpB = fixtures.aCpOf(admin, kamB, "MH");

        Lead executed = fixtures.aWonLeadWithAcceptedQuotation(cpA);
        world.clock().advance(Duration.ofHours(2));
        fixtures.moveLead(cpA, executed, LeadStatus.EXECUTED, false);
        fixtures.moveLead(cpA, fixtures.aLeadOf(cpA, "MH"), LeadStatus.LOST, false);
        fixtures.aLeadOf(cpA, "MH");
        fixtures.aLeadOf(cpA, "MH");
        Lead won = fixtures.aLeadOf(cpB, "MH");
        for (LeadStatus step : new LeadStatus[] {LeadStatus.IN_DISCUSSION, LeadStatus.PHYSICAL_MEETING, LeadStatus.CUSTOMER_ACCEPTED, LeadStatus.WON}) {
            fixtures.moveLead(cpB, won, step, false);
        }
    }

    private static Summary summary(Caller caller) {
        return report.summary(caller, from, world.clock().instant().plusSeconds(1));
    }

    @Test
    void anAdminSeesTheWholePipeline() {
        Summary summary = summary(admin);

        assertThat(summary.leadsByStatus()).containsEntry("EXECUTED", 1L).containsEntry("LOST", 1L).containsEntry("NEW", 2L)
                .containsEntry("WON", 1L);
        assertThat(summary.leadsCreated()).isEqualTo(5);
        assertThat(summary.leadsConverted()).isEqualTo(2);
        assertThat(summary.conversionRate()).isEqualByComparingTo("0.4");
        assertThat(summary.quotationsByStatus()).containsEntry("ACCEPTED", 1L);
        assertThat(summary.commissionsByStatus()).containsKey("PENDING");
        assertThat(summary.commissionsByStatus().get("PENDING").count()).isEqualTo(1);
        assertThat(summary.commissionsByStatus().get("PENDING").total()).isEqualTo("20625.00");
        assertThat(summary.stages()).anySatisfy(stage -> {
            assertThat(stage.status()).isEqualTo("WON");
            assertThat(stage.samples()).isEqualTo(1);
            assertThat(stage.medianSeconds()).isEqualTo(7200);
            assertThat(stage.p90Seconds()).isEqualTo(7200);
        });
        assertThat(summary.perCp()).hasSize(2);
        assertThat(summary.perCp()).anySatisfy(row -> {
            assertThat(row.cpId()).isEqualTo(cpA.userId());
            assertThat(row.leads()).isEqualTo(4);
            assertThat(row.converted()).isEqualTo(1);
            assertThat(row.conversionRate()).isEqualByComparingTo("0.25");
            assertThat(row.medianDaysToExecution()).isEqualByComparingTo("0.1"); // two hours
            assertThat(row.commissionEarned()).isEqualTo("20625.00");
        });
    }

    @Test
    void aKamSeesTheirCpsAndACpTheirOwnWithoutTheTable() {
        Summary kams = summary(kamA);
        Summary cps = summary(cpB);

        assertThat(kams.leadsCreated()).isEqualTo(4);
        assertThat(kams.perCp()).extracting(PipelineReport.CpRow::cpId).containsExactly(cpA.userId());
        // cpB's lead moved four times (NEW to WON): the KAM of cpA does not see those moves, the admin does.
        assertThat(samples(summary(admin)) - samples(kams)).isEqualTo(4);
        assertThat(samples(cps)).isEqualTo(4);
        assertThat(cps.leadsCreated()).isEqualTo(1);
        assertThat(cps.leadsConverted()).isEqualTo(1);
        assertThat(cps.commissionsByStatus()).isEmpty();
        assertThat(cps.perCp()).isNull();
    }

    @Test
    void customersHaveNoReportAndThePeriodRunsForwardsWithinAYear() {
        Instant now = world.clock().instant();

        assertThat(catchThrowable(() -> report.summary(customerOfSomeLead(), from, now))).isInstanceOf(Forbidden.class);
        assertThat(((Invalid) catchThrowable(() -> report.summary(admin, now, from))).details()).containsKey("to");
        assertThat(((Invalid) catchThrowable(() -> report.summary(admin, now.minus(Duration.ofDays(400)), now))).details()).containsKey("to");
    }

    private static long samples(Summary summary) {
        return summary.stages().stream().mapToLong(PipelineReport.Stage::samples).sum();
    }

    private static Caller customerOfSomeLead() {
        return new Caller(java.util.UUID.randomUUID(), admin.orgId(), com.cpnetwork.platform.Role.CUSTOMER);
    }
}
