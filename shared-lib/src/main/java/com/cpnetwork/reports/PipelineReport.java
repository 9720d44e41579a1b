package com.cpnetwork.reports;

import com.cpnetwork.commissions.CommissionVisibility;
import com.cpnetwork.leads.LeadVisibility;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.FieldChecks;
import com.cpnetwork.platform.Role;
import com.cpnetwork.platform.db.Database;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * The pipeline at a glance, for a period and as far as the caller sees (a CP their own leads, a KAM their CPs', an
 * admin all): leads by status and how many converted, quotations by status, commissions by status, the time leads
 * spend in each stage (from their status history), and for KAMs and admins the same per CP. Read-only SQL over the
 * features' tables, narrowed by {@link LeadVisibility} like every list.
 */
public final class PipelineReport {

    /** The longest period one summary covers. */
    static final Duration LONGEST_PERIOD = Duration.ofDays(366);
    private static final Duration REPORT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);

    /** A period's summary. Counts are of leads and quotations created, and commissions entered, in the period. */
    public record Summary(Instant from, Instant to, Map<String, Long> leadsByStatus, long leadsCreated, long leadsConverted,
                          BigDecimal conversionRate, Map<String, Long> quotationsByStatus, Map<String, Amount> commissionsByStatus,
                          List<Stage> stages, List<CpRow> perCp) {
    }

    /** How many entries and their total. */
    public record Amount(long count, String total) {
    }

    /** Time spent in one stage by the leads that left it during the period. */
    public record Stage(String status, long samples, long medianSeconds, long p90Seconds) {
    }

    /** One CP's figures for the period. */
    public record CpRow(UUID cpId, String name, long leads, long converted, BigDecimal conversionRate, BigDecimal medianDaysToExecution,
                        String commissionEarned) {
    }

    private final Database database;

    public PipelineReport(Database database) {
        this.database = database;
    }

    /** {@code GET /v1/reports/summary}: the period {@code [from, to)}, at most a year. */
    public Summary summary(Caller caller, Instant from, Instant to) {
        caller.require(Role.CP, Role.KAM, Role.ADMIN);
        new FieldChecks().check(from.isBefore(to), "to", "must be after from")
                .check(Duration.between(from, to).compareTo(LONGEST_PERIOD) <= 0, "to", "must be at most " + LONGEST_PERIOD.toDays() + " days after from")
                .verify();
        return database.asCaller(caller, handle -> {
            Database.allowLongerStatements(handle, REPORT_STATEMENT_TIMEOUT);
            Map<String, Long> leads = new LinkedHashMap<>();
            long created = 0;
            long converted = 0;
            for (StatusCount count : leadQuery(handle, caller, from, to, MILESTONES + """
                    SELECT l.status, count(*), count(m.lead_id) FROM leads l LEFT JOIN milestones m ON m.lead_id = l.id
                     WHERE l.org_id = :org AND %s AND l.created_at >= :from AND l.created_at < :to
                     GROUP BY l.status""".formatted(LeadVisibility.condition(caller)))
                    .map((row, context) -> new StatusCount(row.getString(1), row.getLong(2), row.getLong(3))).list()) {
                leads.put(count.status(), count.leads());
                created += count.leads();
                converted += count.converted();
            }
            Map<String, Long> quotations = counts(leadQuery(handle, caller, from, to, "SELECT q.status, count(*) FROM quotations q "
                    + "WHERE q.org_id = :org AND " + LeadVisibility.ofLeadIn(caller, "q.lead_id")
                    + " AND q.created_at >= :from AND q.created_at < :to GROUP BY q.status"));
            return new Summary(from, to, leads, created, converted, rate(converted, created), quotations,
                    commissions(handle, caller, from, to), stages(handle, caller, from, to),
                    caller.role() == Role.CP ? null : perCp(handle, caller, from, to));
        });
    }

    private record StatusCount(String status, long leads, long converted) {
    }

    /**
     * The leads that reached WON or EXECUTED (converted), with the first time each was EXECUTED, read in one pass over
     * those moves only (index {@code lead_status_history_milestones}). A lead moves only after it is created, so the
     * moves of the leads created in the period all happen from its start on. A lead whose sale was reversed stays
     * converted.
     */
    private static final String MILESTONES = """
            WITH milestones AS (
                SELECT h.lead_id, min(h.at) FILTER (WHERE h.to_status = 'EXECUTED') AS executed_at
                  FROM lead_status_history h
                 WHERE h.org_id = :org AND h.to_status IN ('WON', 'EXECUTED') AND h.at >= :from
                 GROUP BY h.lead_id)
            """;

    private static Query leadQuery(Handle handle, Caller caller, Instant from, Instant to, String sql) {
        return LeadVisibility.bind(handle.createQuery(sql), caller).bind("org", caller.orgId()).bind("from", from).bind("to", to);
    }

    private static Map<String, Long> counts(Query query) {
        Map<String, Long> counts = new LinkedHashMap<>();
        query.map((row, context) -> Map.entry(row.getString(1), row.getLong(2))).forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
        return counts;
    }

    /** Commission entries (clawbacks included, negative) by status, as far as the caller sees them. */
    private static Map<String, Amount> commissions(Handle handle, Caller caller, Instant from, Instant to) {
        Map<String, Amount> amounts = new LinkedHashMap<>();
        Query query = CommissionVisibility.bind(handle.createQuery("SELECT c.status, count(*), coalesce(sum(c.amount), 0) FROM commissions c"
                + " WHERE c.org_id = :org AND " + CommissionVisibility.condition(caller) + " AND c.created_at >= :from AND c.created_at < :to"
                + " GROUP BY c.status"), caller)
                .bind("org", caller.orgId()).bind("from", from).bind("to", to);
        query.map((row, context) -> Map.entry(row.getString(1), new Amount(row.getLong(2), row.getBigDecimal(3).setScale(2).toPlainString())))
                .forEach(entry -> amounts.put(entry.getKey(), entry.getValue()));
        return amounts;
    }

    /** Median and 90th percentile of the time spent in each status, by the moves out of it during the period. */
    private static List<Stage> stages(Handle handle, Caller caller, Instant from, Instant to) {
        return leadQuery(handle, caller, from, to, """
                SELECT h.from_status, count(*),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY h.seconds_in_previous_status),
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY h.seconds_in_previous_status)
                  FROM lead_status_history h
                 WHERE h.org_id = :org AND h.at >= :from AND h.at < :to AND h.from_status IS NOT NULL AND %s
                 GROUP BY h.from_status
                 ORDER BY min(array_position(ARRAY['NEW', 'IN_DISCUSSION', 'PHYSICAL_MEETING', 'CUSTOMER_ACCEPTED', 'WON', 'EXECUTED', 'LOST'],
                                             h.from_status))""".formatted(LeadVisibility.ofLeadIn(caller, "h.lead_id")))
                .map((row, context) -> new Stage(row.getString(1), row.getLong(2), Math.round(row.getDouble(3)), Math.round(row.getDouble(4))))
                .list();
    }

    /** Per CP the caller sees: leads created in the period, converted, median days from creation to execution, earned. */
    private static List<CpRow> perCp(Handle handle, Caller caller, Instant from, Instant to) {
        return leadQuery(handle, caller, from, to, MILESTONES + """
                SELECT p.cp_id, u.name, p.leads, p.converted, p.days_to_execution, coalesce(e.earned, 0) AS earned
                  FROM (SELECT l.cp_id, count(*) AS leads, count(m.lead_id) AS converted,
                               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM m.executed_at - l.created_at) / 86400)
                                   FILTER (WHERE m.executed_at IS NOT NULL) AS days_to_execution
                          FROM leads l LEFT JOIN milestones m ON m.lead_id = l.id
                         WHERE l.org_id = :org AND l.cp_id IS NOT NULL AND l.created_at >= :from AND l.created_at < :to AND %s
                         GROUP BY l.cp_id) p
                  JOIN users u ON u.id = p.cp_id
                  LEFT JOIN (SELECT c.cp_id, sum(c.amount) AS earned FROM commissions c
                              WHERE c.org_id = :org AND c.status <> 'CANCELLED' AND c.created_at >= :from AND c.created_at < :to
                              GROUP BY c.cp_id) e ON e.cp_id = p.cp_id
                 ORDER BY p.leads DESC, u.name""".formatted(LeadVisibility.condition(caller)))
                .map((row, context) -> {
                    long leads = row.getLong("leads");
                    long converted = row.getLong("converted");
                    BigDecimal days = row.getBigDecimal("days_to_execution");
                    return new CpRow(row.getObject("cp_id", UUID.class), row.getString("name"), leads, converted, rate(converted, leads),
                            days == null ? null : days.setScale(1, RoundingMode.HALF_UP), row.getBigDecimal("earned").setScale(2).toPlainString());
                })
                .list();
    }

    private static BigDecimal rate(long part, long whole) {
        return whole == 0 ? BigDecimal.ZERO.setScale(4) : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
    }
}
