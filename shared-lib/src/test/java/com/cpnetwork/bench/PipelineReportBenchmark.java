package com.cpnetwork.bench;

import com.cpnetwork.Backend;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.reports.PipelineReport;
import com.cpnetwork.testing.Fixtures;
import com.cpnetwork.testing.TestBackend;
import com.cpnetwork.testing.TestInfrastructure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /v1/reports/summary} over one million leads: the time of {@link PipelineReport#summary} for an admin, a KAM
 * and a CP, over the month and the year up to the newest lead.
 *
 * <p>Loads {@link OneMillionLeads}, then as the schema owner each lead's status history along the pipeline up to its
 * status (NEW → IN_DISCUSSION → … or NEW → IN_DISCUSSION → LOST, one to twenty days per stage), a quotation for every
 * lead past the first discussion (draft, shared or accepted by its status) and a commission for every executed lead
 * (pending, approved or paid), then {@code VACUUM ANALYZE}. Each scenario runs the real use case (row-level security,
 * the caller's visibility, one transaction) 3 times to warm up, then {@code runs} times, and prints the median and the
 * slowest.
 *
 * <p>Not part of the build's tests; run by hand as docs/benchmarks.md says. System properties: {@code leads}
 * (1000000), {@code runs} (10), {@code out} (the report file, {@code target/report-one-million.txt}).
 */
public final class PipelineReportBenchmark {

    private static final int LEADS = Integer.getInteger("leads", 1_000_000);
    private static final int RUNS = Integer.getInteger("runs", 10);
    private static final int WARM_UP = 3;

    private final BenchReport report = new BenchReport("target/report-one-million.txt");

    public static void main(String[] args) throws Exception {
        try (TestBackend world = TestBackend.start()) {
            new PipelineReportBenchmark().run(world.backend(), world.fixtures());
        }
        System.exit(0);
    }

    private void run(Backend backend, Fixtures fixtures) throws SQLException {
        OneMillionLeads.Organization organization = OneMillionLeads.organization(backend, fixtures);
        Caller admin = organization.admin();
        fill(admin);
        Caller kam = Fixtures.callerOf(organization.kams().get(0));
        Caller cp = Fixtures.callerOf(organization.cps().get(0));
        Instant end = newestLead(admin);
        Instant monthBefore = end.minus(Duration.ofDays(30));
        Instant yearBefore = end.minus(Duration.ofDays(365));

        report.say("");
        report.say("| caller | period | leads created | moves out of a stage | median | slowest |");
        report.say("|---|---|---|---|---|---|");
        scenario(backend, "ADMIN", admin, "30 days", monthBefore, end);
        scenario(backend, "ADMIN", admin, "365 days", yearBefore, end);
        scenario(backend, "KAM (20 CPs)", kam, "365 days", yearBefore, end);
        scenario(backend, "CP", cp, "365 days", yearBefore, end);
        report.writeOut();
    }

    private void fill(Caller admin) throws SQLException {
        try (Connection owner = TestInfrastructure.get().ownerConnection(); Statement statement = owner.createStatement()) {
            report.say("PostgreSQL: " + OneMillionLeads.one(owner, "SELECT version()") + "; " + Runtime.getRuntime().availableProcessors()
                    + " CPUs; shared_buffers " + OneMillionLeads.one(owner, "SHOW shared_buffers") + ", work_mem "
                    + OneMillionLeads.one(owner, "SHOW work_mem"));
            long started = System.nanoTime();
            OneMillionLeads.insertLeads(owner, admin, LEADS);
            statement.execute("SET session_replication_role = replica");
            insertForEachLead(owner, admin, HISTORY);
            insertForEachLead(owner, admin, QUOTATIONS);
            insertForEachLead(owner, admin, COMMISSIONS);
            statement.execute("SET session_replication_role = DEFAULT");
            long loaded = System.nanoTime();
            for (String table : List.of("users", "leads", "lead_services", "lead_status_history", "quotations", "commissions")) {
                statement.execute("VACUUM (ANALYZE) " + table);
            }
            report.say("Loaded " + count(owner, "leads", admin) + " leads, " + count(owner, "lead_status_history", admin) + " status changes, "
                    + count(owner, "quotations", admin) + " quotations, " + count(owner, "commissions", admin) + " commissions in "
                    + BenchReport.seconds(loaded - started) + " s; VACUUM ANALYZE " + BenchReport.seconds(System.nanoTime() - loaded) + " s");
        }
    }

    /** Every lead's moves along the pipeline up to its status, one to twenty days in each stage. */
    private static final String HISTORY = """
            INSERT INTO lead_status_history (org_id, lead_id, from_status, to_status, actor_id, at, override, seconds_in_previous_status)
            SELECT org_id, lead_id, CASE WHEN k > 1 THEN path[k - 1] END, path[k], actor,
                   created_at + (sum(hours) OVER stages - first_value(hours) OVER stages) * interval '1 hour', false,
                   CASE WHEN k > 1 THEN hours * 3600 END
              FROM (SELECT l.org_id, l.id AS lead_id, l.created_at, coalesce(l.cp_id, l.created_by) AS actor, p.path, k,
                           24 + (substr(l.id, 6)::bigint * 31 + k * 17) % 456 AS hours
                      FROM leads l
                     CROSS JOIN LATERAL (SELECT CASE WHEN l.status = 'LOST' THEN ARRAY['NEW', 'IN_DISCUSSION', 'LOST']
                                                     ELSE (ARRAY['NEW', 'IN_DISCUSSION', 'PHYSICAL_MEETING', 'CUSTOMER_ACCEPTED', 'WON',
                                                                 'EXECUTED'])[1:array_position(ARRAY['NEW', 'IN_DISCUSSION',
                                                                 'PHYSICAL_MEETING', 'CUSTOMER_ACCEPTED', 'WON', 'EXECUTED'], l.status)]
                                                END AS path) p
                     CROSS JOIN LATERAL generate_series(1, cardinality(p.path)) AS k
                     WHERE l.org_id = ?) moves
            WINDOW stages AS (PARTITION BY lead_id ORDER BY k)""";

    /** A draft for leads in discussion, a shared quotation at the meeting, an accepted one from acceptance on. */
    private static final String QUOTATIONS = """
            INSERT INTO quotations (id, org_id, lead_id, author_id, status, version, content, valid_until, grand_total, shared_at,
                                    decided_at, created_at, updated_at)
            SELECT 'QUOTE-' || substr(l.id, 6), l.org_id, l.id, coalesce(l.cp_id, l.created_by), q.status,
                   CASE WHEN q.status <> 'DRAFT' THEN 1 END, '{}', (l.created_at + interval '32 days')::date,
                   150000 + substr(l.id, 6)::bigint % 100000, CASE WHEN q.status <> 'DRAFT' THEN l.created_at + interval '3 days' END,
                   CASE WHEN q.status = 'ACCEPTED' THEN l.created_at + interval '5 days' END,
                   l.created_at + interval '2 days', l.created_at + interval '5 days'
              FROM leads l
             CROSS JOIN LATERAL (SELECT CASE l.status WHEN 'IN_DISCUSSION' THEN 'DRAFT' WHEN 'PHYSICAL_MEETING' THEN 'SHARED'
                                                      ELSE 'ACCEPTED' END AS status) q
             WHERE l.org_id = ? AND l.status IN ('IN_DISCUSSION', 'PHYSICAL_MEETING', 'CUSTOMER_ACCEPTED', 'WON', 'EXECUTED')""";

    /** Every executed lead's commission: a third pending, a third approved, a third paid. */
    private static final String COMMISSIONS = """
            INSERT INTO commissions (id, org_id, kind, lead_id, quotation_id, quotation_version, cp_id, amount, status, utr, paid_on,
                                     created_at, updated_at)
            SELECT 'COMM-' || n, l.org_id, 'COMMISSION', l.id, 'QUOTE-' || n, 1, l.cp_id, round((150000 + n % 100000) * 0.125, 2), s.status,
                   CASE WHEN s.status = 'PAID' THEN 'UTR' || lpad(n::text, 12, '0') END,
                   CASE WHEN s.status = 'PAID' THEN (l.created_at + interval '60 days')::date END,
                   l.created_at + interval '30 days', l.created_at + interval '30 days'
              FROM leads l
             CROSS JOIN LATERAL (SELECT substr(l.id, 6)::bigint AS n) i
             CROSS JOIN LATERAL (SELECT (ARRAY['PENDING', 'APPROVED', 'PAID'])[1 + n % 3] AS status) s
             WHERE l.org_id = ? AND l.status = 'EXECUTED' AND l.cp_id IS NOT NULL""";

    private static void insertForEachLead(Connection owner, Caller admin, String sql) throws SQLException {
        try (PreparedStatement insert = owner.prepareStatement(sql)) {
            insert.setObject(1, admin.orgId());
            insert.execute();
        }
    }

    /** Just after the newest lead: the data set's leads end about a month before today, its history later. */
    private static Instant newestLead(Caller admin) throws SQLException {
        try (Connection owner = TestInfrastructure.get().ownerConnection();
             PreparedStatement newest = owner.prepareStatement("SELECT max(created_at) FROM leads WHERE org_id = ?")) {
            newest.setObject(1, admin.orgId());
            try (ResultSet rows = newest.executeQuery()) {
                rows.next();
                return rows.getTimestamp(1).toInstant().plusSeconds(1);
            }
        }
    }

    private static String count(Connection owner, String table, Caller admin) throws SQLException {
        return String.format("%,d", Long.parseLong(OneMillionLeads.one(owner, "SELECT count(*) FROM " + table + " WHERE org_id = '" + admin.orgId() + "'")));
    }

    private void scenario(Backend backend, String who, Caller caller, String period, Instant from, Instant to) {
        PipelineReport reports = backend.pipelineReport();
        PipelineReport.Summary summary = null;
        for (int i = 0; i < WARM_UP; i++) {
            summary = reports.summary(caller, from, to);
        }
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            long started = System.nanoTime();
            reports.summary(caller, from, to);
            nanos.add(System.nanoTime() - started);
        }
        nanos.sort(null);
        long stageSamples = summary.stages().stream().mapToLong(PipelineReport.Stage::samples).sum();
        report.say(String.format("| %s | %s | %,d | %,d | %s ms | %s ms |", who, period, summary.leadsCreated(), stageSamples,
                millis(nanos.get(nanos.size() / 2)), millis(nanos.get(nanos.size() - 1))));
    }



    private static String millis(long nanos) {
        return String.format("%,.1f", nanos / 1e6);
    }
}
