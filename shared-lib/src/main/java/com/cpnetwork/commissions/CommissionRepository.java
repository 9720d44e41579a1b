package com.cpnetwork.commissions;

import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.PageRequest;
import com.cpnetwork.platform.db.Columns;
import com.cpnetwork.platform.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * SQL for commissions and their history. Row-level security keeps every statement inside the transaction's
 * organization; on top of it {@link CommissionVisibility} narrows what each role sees.
 */
final class CommissionRepository {

    /** A row as stored, with the amount as a number. */
    record Row(String id, CommissionKind kind, String leadId, String quotationId, int quotationVersion, UUID cpId, BigDecimal amount,
               CommissionStatus status, String utr, LocalDate paidOn, String reverses, Instant reversedAt, Instant createdAt,
               Instant updatedAt) {

        Row moved(CommissionStatus to, Instant at) {
            return new Row(id, kind, leadId, quotationId, quotationVersion, cpId, amount, to, utr, paidOn, reverses, reversedAt, createdAt, at);
        }

        Row paid(String reference, LocalDate day, Instant at) {
            return new Row(id, kind, leadId, quotationId, quotationVersion, cpId, amount, CommissionStatus.PAID, reference, day, reverses,
                    reversedAt, createdAt, at);
        }

        Row overwritten(UUID newCp, BigDecimal newAmount, Instant at) {
            return new Row(id, kind, leadId, quotationId, quotationVersion, newCp, newAmount, status, utr, paidOn, reverses, reversedAt,
                    createdAt, at);
        }

        Row reversedAt(Instant at) {
            return new Row(id, kind, leadId, quotationId, quotationVersion, cpId, amount, status, utr, paidOn, reverses, at, createdAt, at);
        }

        Commission view() {
            return new Commission(id, kind, leadId, quotationId, quotationVersion, cpId, amount.setScale(2).toPlainString(), status, utr,
                    paidOn, reverses, reversedAt, createdAt, updatedAt, null);
        }
    }

    private static final String COLUMNS = """
            c.id, c.kind, c.lead_id, c.quotation_id, c.quotation_version, c.cp_id, c.amount, c.status, c.utr, c.paid_on, c.reverses,
            c.reversed_at, c.created_at, c.updated_at""";
    private static final RowMapper<Row> ROW = CommissionRepository::map;

    String nextId(Handle handle) {
        return "COMM-" + handle.createQuery("SELECT nextval('commission_number')").mapTo(Long.class).one();
    }

    void insert(Handle handle, UUID orgId, Row row) {
        handle.createUpdate("""
                INSERT INTO commissions (id, org_id, kind, lead_id, quotation_id, quotation_version, cp_id, amount, status, reverses,
                                         created_at, updated_at)
                VALUES (:id, :org, :kind, :lead, :quotation, :version, :cp, :amount, :status, :reverses, :at, :at)""")
                .bind("id", row.id()).bind("org", orgId).bind("kind", row.kind().name()).bind("lead", row.leadId())
                .bind("quotation", row.quotationId()).bind("version", row.quotationVersion()).bind("cp", row.cpId())
                .bind("amount", row.amount()).bind("status", row.status().name()).bind("reverses", row.reverses())
                .bind("at", row.createdAt())
                .execute();
    }

    void update(Handle handle, Row row) {
        handle.createUpdate("""
                UPDATE commissions SET cp_id = :cp, amount = :amount, status = :status, utr = :utr, paid_on = :paidOn,
                                       reversed_at = :reversedAt, updated_at = :at
                 WHERE id = :id""")
                .bind("id", row.id()).bind("cp", row.cpId()).bind("amount", row.amount()).bind("status", row.status().name())
                .bind("utr", row.utr()).bind("paidOn", row.paidOn()).bind("reversedAt", row.reversedAt()).bind("at", row.updatedAt())
                .execute();
    }

    /** The entry if the caller sees it; {@code lock} keeps its row locked until the transaction ends. */
    Optional<Row> findVisible(Handle handle, Caller caller, String id, boolean lock) {
        Query query = handle.createQuery("SELECT " + COLUMNS + " FROM commissions c WHERE c.id = :id AND " + CommissionVisibility.condition(caller)
                + (lock ? " FOR UPDATE OF c" : ""));
        return CommissionVisibility.bind(query, caller).bind("id", id).map(ROW).findOne();
    }

    /** The lead's live commission (not cancelled, not reversed), locked: what an execution's reversal acts on. */
    Optional<Row> liveOf(Handle handle, String leadId) {
        return handle.createQuery("SELECT " + COLUMNS + """
                 FROM commissions c
                WHERE c.lead_id = :lead AND c.kind = 'COMMISSION' AND c.status <> 'CANCELLED' AND c.reversed_at IS NULL
                FOR UPDATE OF c""")
                .bind("lead", leadId).map(ROW).findOne();
    }

    /** A page of the entries the caller sees, newest first. */
    List<Row> list(Handle handle, Caller caller, Optional<CommissionStatus> status, Optional<UUID> cpId, Optional<String> leadId,
                   PageRequest page) {
        Query query = handle.createQuery("SELECT " + COLUMNS + " FROM commissions c WHERE c.org_id = :org AND " + CommissionVisibility.condition(caller)
                + """
                   AND (CAST(:status AS text) IS NULL OR c.status = :status)
                   AND (CAST(:cp AS uuid) IS NULL OR c.cp_id = CAST(:cp AS uuid))
                   AND (CAST(:lead AS text) IS NULL OR c.lead_id = :lead)
                   AND (CAST(:afterAt AS timestamptz) IS NULL OR (c.created_at, c.id) < (CAST(:afterAt AS timestamptz), :afterId))
                 ORDER BY c.created_at DESC, c.id DESC
                 LIMIT :limit""");
        return CommissionVisibility.bind(query, caller).bind("org", caller.orgId())
                .bind("status", status.map(Enum::name).orElse(null))
                .bind("cp", cpId.orElse(null))
                .bind("lead", leadId.orElse(null))
                .bind("afterAt", page.after().map(PageRequest.Position::at).orElse(null))
                .bind("afterId", page.after().map(PageRequest.Position::id).orElse(null))
                .bind("limit", page.fetchSize())
                .map(ROW).list();
    }

    /** True when another entry of the organization was paid with this reference. */
    boolean utrTaken(Handle handle, String utr) {
        return handle.createQuery("SELECT EXISTS (SELECT FROM commissions WHERE utr = :utr)").bind("utr", utr).mapTo(Boolean.class).one();
    }

    void recordChange(Handle handle, UUID orgId, String commissionId, Commission.Change change) {
        handle.createUpdate("""
                INSERT INTO commission_history (org_id, commission_id, action, from_status, to_status, actor_id, at, reason, details)
                VALUES (:org, :id, :action, :from, :to, :actor, :at, :reason, CAST(:details AS jsonb))""")
                .bind("org", orgId).bind("id", commissionId).bind("action", change.action())
                .bind("from", change.from() == null ? null : change.from().name()).bind("to", change.to().name())
                .bind("actor", change.actorId()).bind("at", change.at()).bind("reason", change.reason()).bind("details", json(change.details()))
                .execute();
    }

    List<Commission.Change> history(Handle handle, String commissionId) {
        return handle.createQuery("""
                SELECT action, from_status, to_status, actor_id, at, reason, details::text AS details
                  FROM commission_history WHERE commission_id = :id ORDER BY id""")
                .bind("id", commissionId)
                .map((row, context) -> new Commission.Change(row.getString("action"),
                        row.getString("from_status") == null ? null : CommissionStatus.valueOf(row.getString("from_status")),
                        CommissionStatus.valueOf(row.getString("to_status")), row.getObject("actor_id", UUID.class), Columns.instant(row, "at"),
                        row.getString("reason"), parse(row.getString("details"))))
                .list();
    }

    /** The APPROVED commissions to pay, oldest first, with their CP's name and phone: the payout file's rows. */
    List<Map<String, Object>> approvedForPayout(Handle handle) {
        return handle.createQuery("""
                SELECT c.id, c.lead_id, c.amount, c.cp_id, u.name AS cp_name, u.phone AS cp_phone, c.created_at
                  FROM commissions c JOIN users u ON u.id = c.cp_id
                 WHERE c.status = 'APPROVED' AND c.kind = 'COMMISSION'
                 ORDER BY c.created_at, c.id""")
                .mapToMap().list();
    }

    private static Row map(ResultSet row, StatementContext context) throws SQLException {
        return new Row(
                row.getString("id"),
                CommissionKind.valueOf(row.getString("kind")),
                row.getString("lead_id"),
                row.getString("quotation_id"),
                row.getInt("quotation_version"),
                row.getObject("cp_id", UUID.class),
                row.getBigDecimal("amount"),
                CommissionStatus.valueOf(row.getString("status")),
                row.getString("utr"),
                row.getObject("paid_on", LocalDate.class),
                row.getString("reverses"),
                Columns.instant(row, "reversed_at"),
                Columns.instant(row, "created_at"),
                Columns.instant(row, "updated_at"));
    }

    private static String json(Object details) {
        try {
            return details == null ? null : Json.MAPPER.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Commission change details cannot be written as JSON", e);
        }
    }

    private static Object parse(String json) {
        try {
            return json == null ? null : Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored commission change details are not readable", e);
        }
    }
}
