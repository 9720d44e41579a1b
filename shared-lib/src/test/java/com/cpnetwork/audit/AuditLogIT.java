package com.cpnetwork.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.azure.storage.blob.BlobClientBuilder;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.specialized.BlockBlobClient;
import com.cpnetwork.leads.Lead;
import com.cpnetwork.leads.LeadStatus;
import com.cpnetwork.organizations.OrganizationChanges;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Page;
import com.cpnetwork.platform.PageRequest;
import com.cpnetwork.platform.Patch;
import com.cpnetwork.platform.errors.Forbidden;
import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.quotations.QuotationFixtures;
import com.cpnetwork.testing.AuditEntries;
import com.cpnetwork.testing.Fixtures;
import com.cpnetwork.testing.Rows;
import com.cpnetwork.testing.StorageHttp;
import com.cpnetwork.testing.TestBackend;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

/** The audit trail: written by every change in its transaction, read by admins in pages and exported as CSV. */
class AuditLogIT {

    @RegisterExtension
    static final TestBackend world = TestBackend.perTestClass();

    private static QuotationFixtures fixtures;
    private static AuditLog audit;
    private static Caller admin;
    private static Caller kam;
    private static Caller cp;
    private static Lead executed;

    @BeforeAll
    static void anOrganizationWithAnExecutedLead() {
        fixtures = new QuotationFixtures(world);
        audit = world.backend().auditLog();
        admin = fixtures.anOrganizationInMaharashtra();
        kam = Fixtures.callerOf(world.fixtures().aKam(admin));
        cp = fixtures.aCpOf(admin, kam, "MH");
        executed = fixtures.aWonLeadWithAcceptedQuotation(cp);
        fixtures.moveLead(cp, executed, LeadStatus.EXECUTED, false);
    }

    @Test
    void everyKindOfChangeLeftItsEntry() {
        List<String> actions = Rows.column("SELECT DISTINCT action FROM audit_log WHERE org_id = ?", admin.orgId());

        assertThat(actions).contains("ORGANIZATION_CREATED", "ORGANIZATION_UPDATED", "USER_CREATED", "LEAD_CREATED", "LEAD_UPDATED",
                "QUOTATION_CREATED", "QUOTATION_SHARED", "QUOTATION_ACCEPTED", "COMMISSION_CREATED");
        String commission = Rows.one("SELECT id FROM commissions WHERE lead_id = ?", executed.id());
        AuditRecord created = only(audit.list(admin, filter(Optional.of(EntityType.COMMISSION), Optional.of(commission), Optional.empty()),
                all()));
        assertThat(created.action()).isEqualTo("COMMISSION_CREATED");
        assertThat(created.actorId()).isEqualTo(cp.userId());
        assertThat(created.oldValue()).isNull();
        assertThat(created.newValue().path("amount").asText()).isEqualTo("20625.00");
    }

    @Test
    void aChangeKeepsTheRecordBeforeAndAfter() {
        AuditRecord moved = audit.list(admin, filter(Optional.of(EntityType.LEAD), Optional.of(executed.id()), Optional.empty()), all()).items()
                .stream().filter(entry -> entry.action().equals("LEAD_UPDATED")).findFirst().orElseThrow();

        assertThat(moved.oldValue().path("status").asText()).isEqualTo("WON");
        assertThat(moved.newValue().path("status").asText()).isEqualTo("EXECUTED");
    }

    @Test
    void pagesAreNewestFirstAndFollowTheirCursor() {
        Page<AuditRecord> first = audit.list(admin, filter(Optional.empty(), Optional.empty(), Optional.of(cp.userId())), new PageRequest(2,
                Optional.empty()));
        Page<AuditRecord> second = audit.list(admin, filter(Optional.empty(), Optional.empty(), Optional.of(cp.userId())),
                PageRequest.of(Optional.of("2"), Optional.of(first.nextCursor())));

        assertThat(first.items()).hasSize(2);
        assertThat(first.items()).allSatisfy(entry -> assertThat(entry.actorId()).isEqualTo(cp.userId()));
        assertThat(first.items().get(0).at()).isAfterOrEqualTo(first.items().get(1).at());
        assertThat(second.items()).isNotEmpty().noneMatch(entry -> first.items().contains(entry));
    }

    @Test
    void onlyAdminsReadAndExportTheTrail() {
        assertThat(catchThrowable(() -> audit.list(kam, filter(Optional.empty(), Optional.empty(), Optional.empty()), all())))
                .isInstanceOf(Forbidden.class);
        assertThat(catchThrowable(() -> audit.export(kam, Instant.now().minus(Duration.ofDays(1)), Instant.now()))).isInstanceOf(Forbidden.class);
    }

    @Test
    void anExportCoversAtMostAYearForwards() {
        Instant now = Instant.now();

        assertThat(((Invalid) catchThrowable(() -> audit.export(admin, now, now.minus(Duration.ofDays(1))))).details()).containsKey("to");
        assertThat(((Invalid) catchThrowable(() -> audit.export(admin, now.minus(Duration.ofDays(400)), now))).details()).containsKey("to");
    }

    @Test
    void theExportIsCsvOfThePeriodOldestFirstAndIsItselfAudited() throws Exception {
        Instant from = world.clock().instant().minus(Duration.ofHours(1));
        MDC.put("requestId", "-danger");
        try {
            world.backend().organizations().updateOrganization(admin, new OrganizationChanges(Patch.of("Sunrise, \"the\" solar"),
                    Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent()));
        } finally {
            MDC.remove("requestId");
        }
        long entries = Rows.count("SELECT count(*) FROM audit_log WHERE org_id = ?", admin.orgId());

        AuditLog.Export export = audit.export(admin, from, world.clock().instant().plusSeconds(1));

        HttpResponse<String> download = StorageHttp.send(HttpRequest.newBuilder(export.url()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
        List<String> lines = download.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("at,actorId,action,entityType,entityId,oldValue,newValue,requestId");
        assertThat(export.rows()).isEqualTo(entries);
        assertThat(download.body()).contains("ORGANIZATION_CREATED").contains(",'-danger\r\n").contains("Sunrise, \\\"\"the\\\"\" solar"); // JSON escapes the quote, CSV doubles it
        assertThat(download.body().indexOf("ORGANIZATION_CREATED")).isLessThan(download.body().indexOf("COMMISSION_CREATED"));
        assertThat(Rows.auditActions(admin.orgId().toString())).contains("AUDIT_EXPORTED");
    }

    @Test
    void aLargeExportIsSentBlockByBlockNotHeldWhole() {
        Caller another = world.fixtures().anOrganization();
        Instant from = world.clock().instant().minus(Duration.ofDays(10));
        AuditEntries.insertLeadUpdates(another, 20_000, from);

        AuditLog.Export export = audit.export(another, from, world.clock().instant().plusSeconds(1));

        BlockBlobClient blob = new BlobClientBuilder().endpoint(export.url().toString()).buildClient().getBlockBlobClient();
        assertThat(export.rows()).isGreaterThan(20_000);
        assertThat(blob.getProperties().getBlobSize()).isGreaterThan(4L * 1024 * 1024);
        assertThat(blob.listBlocks(BlockListType.COMMITTED).getCommittedBlocks()).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(block -> assertThat(block.getSizeLong()).isLessThanOrEqualTo(4L * 1024 * 1024));
    }

    private static AuditFilter filter(Optional<EntityType> type, Optional<String> id, Optional<UUID> actor) {
        return new AuditFilter(type, id, actor, Optional.empty(), Optional.empty());
    }

    private static PageRequest all() {
        return new PageRequest(PageRequest.MAX_LIMIT, Optional.empty());
    }

    private static AuditRecord only(Page<AuditRecord> page) {
        assertThat(page.items()).hasSize(1);
        return page.items().get(0);
    }
}
