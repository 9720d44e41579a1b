package com.cpnetwork.leads;

import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.PageRequest;
import com.cpnetwork.platform.db.LikePattern;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * SQL for leads. Row-level security keeps every statement inside the transaction's organization; on top of it
 * {@link LeadVisibility} narrows what each role sees inside the organization.
 */
final class LeadRepository {

    private static final String COLUMNS = """
            l.id, l.status, l.cp_id, l.customer_id, l.customer_name, l.customer_phone, l.address, l.state_code, l.remarks,
            l.follow_up_date, l.lost_reason, l.source, l.created_by, l.status_changed_at, l.created_at, l.updated_at,
            s.service_types, s.service_details""";

    /**
     * A lead's service lines, in order, as two arrays beside its columns: the lines come with the lead in the same
     * statement (one index lookup per lead) instead of a second query for the page.
     */
    private static final String WITH_SERVICES = """
             LEFT JOIN LATERAL (SELECT array_agg(ls.service_type ORDER BY ls.position) AS service_types,
                                       array_agg(ls.details ORDER BY ls.position) AS service_details
                                  FROM lead_services ls WHERE ls.lead_id = l.id) s ON true""";

    private static final RowMapper<Lead> LEAD = LeadRepository::map;

    String nextId(Handle handle) {
        return "LEAD-" + handle.createQuery("SELECT nextval('lead_number')").mapTo(Long.class).one();
    }

    void insert(Handle handle, UUID orgId, Lead lead) {
        handle.createUpdate("""
                INSERT INTO leads (id, org_id, status, cp_id, customer_id, customer_name, customer_phone, address, state_code,
                                   remarks, follow_up_date, source, created_by, status_changed_at, created_at, updated_at)
                VALUES (:id, :org, :status, CAST(:cp AS uuid), :customer, :name, :phone, :address, :state,
                        :remarks, CAST(:followUp AS date), :source, :createdBy, :changed, :created, :updated)""")
                .bind("id", lead.id()).bind("org", orgId).bind("status", lead.status().name()).bind("cp", lead.cpId())
                .bind("customer", lead.customerId()).bind("name", lead.customerName()).bind("phone", lead.customerPhone())
                .bind("address", lead.address()).bind("state", lead.stateCode()).bind("remarks", lead.remarks())
                .bind("followUp", lead.followUpDate()).bind("source", lead.source()).bind("createdBy", lead.createdBy())
                .bind("changed", lead.statusChangedAt()).bind("created", lead.createdAt()).bind("updated", lead.updatedAt())
                .execute();
        List<RequestedService> services = lead.services();
        if (services.isEmpty()) {
            return;
        }
        // All lines in one statement, positions from their order.
        handle.createUpdate("""
                INSERT INTO lead_services (lead_id, position, org_id, service_type, details)
                SELECT :lead, line.n - 1, :org, line.type, line.details
                  FROM unnest(CAST(:types AS text[]), CAST(:details AS text[])) WITH ORDINALITY AS line(type, details, n)""")
                .bind("lead", lead.id()).bind("org", orgId)
                .bind("types", services.stream().map(RequestedService::type).toArray(String[]::new))
                .bind("details", services.stream().map(RequestedService::details).toArray(String[]::new))
                .execute();
    }

    /** The lead if the caller may see it; {@code forUpdate} also locks it until the transaction ends. */
    Optional<Lead> findVisible(Handle handle, Caller caller, String id, boolean forUpdate) {
        Query query = handle.createQuery("SELECT " + COLUMNS + " FROM leads l " + WITH_SERVICES + " WHERE l.id = :id AND "
                + LeadVisibility.condition(caller) + (forUpdate ? " FOR UPDATE OF l" : ""));
        return LeadVisibility.bind(query, caller).bind("id", id).map(LEAD).findOne();
    }

    /**
     * Whether the caller sees this customer of the organization: a customer only themselves, an admin any customer,
     * a CP or KAM the customers of the leads {@link LeadVisibility} shows them.
     */
    boolean seesCustomer(Handle handle, Caller caller, UUID customerId) {
        return switch (caller.role()) {
            case CUSTOMER -> caller.userId().equals(customerId);
            case ADMIN -> handle.createQuery("SELECT EXISTS (SELECT 1 FROM users WHERE id = :customer AND role = 'CUSTOMER')")
                    .bind("customer", customerId).mapTo(Boolean.class).one();
            case CP, KAM -> LeadVisibility.bind(handle.createQuery("SELECT EXISTS (SELECT 1 FROM leads l WHERE l.customer_id = :customer AND "
                    + LeadVisibility.condition(caller) + ")"), caller).bind("customer", customerId).mapTo(Boolean.class).one();
        };
    }

    /**
     * A page of the leads the caller sees, newest first. With {@code phone} (E.164) the search matches that customer
     * phone exactly, through {@code leads_by_phone}; otherwise it matches part of the name or phone.
     */
    List<Lead> list(Handle handle, Caller caller, LeadFilter filter, Optional<String> phone, PageRequest page) {
        Query query = handle.createQuery("SELECT " + COLUMNS + " FROM leads l " + WITH_SERVICES + " WHERE l.org_id = :org AND "
                        + LeadVisibility.condition(caller) + """
                           AND (CAST(:status AS text) IS NULL OR l.status = :status)
                           AND (CAST(:cp AS uuid) IS NULL OR l.cp_id = CAST(:cp AS uuid))
                           AND (CAST(:state AS text) IS NULL OR l.state_code = :state)
                           AND (CAST(:phone AS text) IS NULL OR l.customer_phone = :phone)
                           AND (CAST(:pattern AS text) IS NULL OR l.customer_name ILIKE :pattern OR l.customer_phone LIKE :pattern)
                           AND (CAST(:since AS timestamptz) IS NULL OR l.updated_at >= CAST(:since AS timestamptz))
                           AND (CAST(:afterAt AS timestamptz) IS NULL OR (l.created_at, l.id) < (CAST(:afterAt AS timestamptz), :afterId))
                         ORDER BY l.created_at DESC, l.id DESC
                         LIMIT :limit""");
        return LeadVisibility.bind(query, caller)
                .bind("org", caller.orgId())
                .bind("status", filter.status().map(Enum::name).orElse(null))
                .bind("cp", filter.cpId().orElse(null))
                .bind("state", filter.stateCode().orElse(null))
                .bind("phone", phone.orElse(null))
                .bind("pattern", phone.isPresent() ? null : filter.search().map(LikePattern::containing).orElse(null))
                .bind("since", filter.updatedSince().orElse(null))
                .bind("afterAt", page.after().map(PageRequest.Position::at).orElse(null))
                .bind("afterId", page.after().map(PageRequest.Position::id).orElse(null))
                .bind("limit", page.fetchSize())
                .map(LEAD).list();
    }

    /** Open leads of the organization with this customer phone, whoever works them. */
    List<CreatedLead.PossibleDuplicate> openLeadsWithPhone(Handle handle, UUID orgId, String phone) {
        return handle.createQuery("""
                SELECT id, status, cp_id, created_at FROM leads
                 WHERE org_id = :org AND customer_phone = :phone AND status NOT IN ('EXECUTED', 'LOST')
                 ORDER BY created_at DESC, id DESC LIMIT 20""")
                .bind("org", orgId).bind("phone", phone)
                .map((row, context) -> new CreatedLead.PossibleDuplicate(row.getString("id"), LeadStatus.valueOf(row.getString("status")),
                        row.getObject("cp_id", UUID.class), row.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    /** Writes status, remarks, follow-up date, lost reason, CP and the times; the caller holds the row lock. */
    void update(Handle handle, Lead lead) {
        handle.createUpdate("""
                UPDATE leads SET status = :status, cp_id = CAST(:cp AS uuid), remarks = :remarks, follow_up_date = CAST(:followUp AS date),
                                 lost_reason = :lostReason, status_changed_at = :changed, updated_at = :updated
                 WHERE id = :id""")
                .bind("id", lead.id()).bind("status", lead.status().name()).bind("cp", lead.cpId())
                .bind("remarks", lead.remarks()).bind("followUp", lead.followUpDate()).bind("lostReason", lead.lostReason())
                .bind("changed", lead.statusChangedAt()).bind("updated", lead.updatedAt())
                .execute();
    }

    void recordStatusChange(Handle handle, UUID orgId, String leadId, StatusChange change) {
        handle.createUpdate("""
                INSERT INTO lead_status_history (org_id, lead_id, from_status, to_status, actor_id, at, override, reason,
                                                 seconds_in_previous_status)
                VALUES (:org, :lead, :from, :to, :actor, :at, :override, :reason, CAST(:seconds AS bigint))""")
                .bind("org", orgId).bind("lead", leadId)
                .bind("from", change.from() == null ? null : change.from().name()).bind("to", change.to().name())
                .bind("actor", change.actorId()).bind("at", change.at()).bind("override", change.override())
                .bind("reason", change.reason()).bind("seconds", change.secondsInPreviousStatus())
                .execute();
    }

    List<StatusChange> history(Handle handle, String leadId) {
        return handle.createQuery("""
                SELECT from_status, to_status, actor_id, at, override, reason, seconds_in_previous_status
                  FROM lead_status_history WHERE lead_id = :lead ORDER BY id""")
                .bind("lead", leadId)
                .map((row, context) -> new StatusChange(
                        row.getString("from_status") == null ? null : LeadStatus.valueOf(row.getString("from_status")),
                        LeadStatus.valueOf(row.getString("to_status")), row.getObject("actor_id", UUID.class),
                        row.getObject("at", OffsetDateTime.class).toInstant(), row.getBoolean("override"), row.getString("reason"),
                        row.getObject("seconds_in_previous_status", Long.class)))
                .list();
    }

    /**
     * The active CP of the territory with the fewest open leads (the longest-serving one on a tie), for a customer's
     * request to be assigned to; empty when the territory has none.
     */
    Optional<UUID> leastBusyCpIn(Handle handle, UUID orgId, String stateCode) {
        return handle.createQuery("""
                SELECT u.id FROM users u
                  LEFT JOIN leads l ON l.cp_id = u.id AND l.status NOT IN ('EXECUTED', 'LOST')
                 WHERE u.org_id = :org AND u.role = 'CP' AND u.active AND NOT u.blocked_token AND u.state_code = :state
                 GROUP BY u.id, u.created_at
                 ORDER BY count(l.id), u.created_at, u.id
                 LIMIT 1""")
                .bind("org", orgId).bind("state", stateCode).mapTo(UUID.class).findOne();
    }

    private static Lead map(ResultSet row, StatementContext context) throws SQLException {
        return new Lead(
                row.getString("id"),
                LeadStatus.valueOf(row.getString("status")),
                row.getObject("cp_id", UUID.class),
                row.getObject("customer_id", UUID.class),
                row.getString("customer_name"),
                row.getString("customer_phone"),
                row.getString("address"),
                row.getString("state_code"),
                services(row),
                row.getString("remarks"),
                row.getObject("follow_up_date", LocalDate.class),
                row.getString("lost_reason"),
                row.getString("source"),
                row.getObject("created_by", UUID.class),
                instant(row, "status_changed_at"),
                instant(row, "created_at"),
                instant(row, "updated_at"));
    }

    /** The service lines from the two arrays of {@link #WITH_SERVICES}; a lead without lines has neither. */
    private static List<RequestedService> services(ResultSet row) throws SQLException {
        Array types = row.getArray("service_types");
        if (types == null) {
            return List.of();
        }
        String[] codes = (String[]) types.getArray();
        String[] details = (String[]) row.getArray("service_details").getArray();
        List<RequestedService> lines = new ArrayList<>(codes.length);
        for (int i = 0; i < codes.length; i++) {
            lines.add(new RequestedService(codes[i], details[i]));
        }
        return lines;
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }
}
