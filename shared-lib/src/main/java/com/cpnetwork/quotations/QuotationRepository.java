package com.cpnetwork.quotations;

import com.cpnetwork.leads.LeadVisibility;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.PageRequest;
import com.cpnetwork.platform.Role;
import com.cpnetwork.platform.db.Columns;
import com.cpnetwork.platform.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * SQL for quotations, their frozen versions and acceptances. Row-level security keeps every statement inside the
 * transaction's organization; lists are narrowed further by {@link LeadVisibility}, and customers see only what was
 * shared with them.
 */
final class QuotationRepository {

    /** A quotation row with its current version's hashes and proposal state. */
    record Row(String id, UUID orgId, String leadId, UUID authorId, QuotationStatus status, Integer version, Body body,
               LocalDate validUntil, Instant sharedAt, Instant decidedAt, String rejectReason, Instant createdAt, Instant updatedAt,
               String contentSha256, String pdfStatus, String pdfSha256) {

        Row with(QuotationStatus newStatus, Integer newVersion, Body newBody, LocalDate newValidUntil, Instant at) {
            return new Row(id, orgId, leadId, authorId, newStatus, newVersion, newBody, newValidUntil, sharedAt, decidedAt, rejectReason,
                    createdAt, at, contentSha256, pdfStatus, pdfSha256);
        }

        Row shared(Instant at) {
            return new Row(id, orgId, leadId, authorId, QuotationStatus.SHARED, version, body, validUntil, at, decidedAt, rejectReason,
                    createdAt, at, contentSha256, pdfStatus, pdfSha256);
        }

        Row decided(QuotationStatus decision, String reason, Instant at) {
            return new Row(id, orgId, leadId, authorId, decision, version, body, validUntil, sharedAt, at, reason, createdAt, at,
                    contentSha256, pdfStatus, pdfSha256);
        }
    }

    /**
     * What the quotation says now, as stored in {@code quotations.content}: the author's terms and, computed from them,
     * the priced lines and totals (a frozen quotation's are its current version's).
     */
    record Body(QuotationTerms terms, List<QuotationContent.Line> lines, Quotation.Totals totals) {
    }

    /** A version to render: its content and where its organization keeps proposals. */
    record VersionToRender(UUID orgId, String quotationId, int version, QuotationContent content, String pdfStatus) {
    }

    private static final String COLUMNS = """
            q.id, q.org_id, q.lead_id, q.author_id, q.status, q.version, q.content::text AS content, q.valid_until, q.shared_at,
            q.decided_at, q.reject_reason, q.created_at, q.updated_at, v.content_sha256, v.pdf_status, v.pdf_sha256""";
    private static final String FROM = " FROM quotations q LEFT JOIN quotation_versions v ON v.quotation_id = q.id AND v.version = q.version";
    private static final RowMapper<Row> ROW = QuotationRepository::map;

    String nextId(Handle handle) {
        return "QUOTE-" + handle.createQuery("SELECT nextval('quotation_number')").mapTo(Long.class).one();
    }

    void insert(Handle handle, Row row) {
        handle.createUpdate("""
                INSERT INTO quotations (id, org_id, lead_id, author_id, status, version, content, valid_until, grand_total,
                                        created_at, updated_at)
                VALUES (:id, :org, :lead, :author, :status, :version, CAST(:content AS jsonb), :validUntil, :grandTotal, :at, :at)""")
                .bind("id", row.id()).bind("org", row.orgId()).bind("lead", row.leadId()).bind("author", row.authorId())
                .bind("status", row.status().name()).bind("version", row.version()).bind("content", json(row.body()))
                .bind("validUntil", row.validUntil()).bind("grandTotal", new BigDecimal(row.body().totals().grandTotal()))
                .bind("at", row.createdAt())
                .execute();
    }

    void update(Handle handle, Row row) {
        handle.createUpdate("""
                UPDATE quotations SET status = :status, version = :version, content = CAST(:content AS jsonb), valid_until = :validUntil,
                                      grand_total = :grandTotal, shared_at = :sharedAt, decided_at = :decidedAt,
                                      reject_reason = :rejectReason, updated_at = :at
                 WHERE id = :id""")
                .bind("id", row.id()).bind("status", row.status().name()).bind("version", row.version())
                .bind("content", json(row.body())).bind("validUntil", row.validUntil())
                .bind("grandTotal", new BigDecimal(row.body().totals().grandTotal())).bind("sharedAt", row.sharedAt())
                .bind("decidedAt", row.decidedAt()).bind("rejectReason", row.rejectReason()).bind("at", row.updatedAt())
                .execute();
    }

    /** The quotation (of the transaction's organization); {@code lock} keeps its row locked until the transaction ends. */
    Optional<Row> find(Handle handle, String id, boolean lock) {
        return handle.createQuery("SELECT " + COLUMNS + FROM + " WHERE q.id = :id" + (lock ? " FOR UPDATE OF q" : ""))
                .bind("id", id).map(ROW).findOne();
    }

    /** A page of the quotations the caller sees, newest first. */
    List<Row> list(Handle handle, Caller caller, Optional<String> leadId, Optional<QuotationStatus> status, PageRequest page) {
        Query query = handle.createQuery("SELECT " + COLUMNS + FROM + " JOIN leads l ON l.id = q.lead_id"
                + " WHERE q.org_id = :org AND " + LeadVisibility.condition(caller) + (caller.role() == Role.CUSTOMER ? " AND q.shared_at IS NOT NULL" : "")
                + """
                   AND (CAST(:lead AS text) IS NULL OR q.lead_id = :lead)
                   AND (CAST(:status AS text) IS NULL OR q.status = :status)
                   AND (CAST(:afterAt AS timestamptz) IS NULL OR (q.created_at, q.id) < (CAST(:afterAt AS timestamptz), :afterId))
                 ORDER BY q.created_at DESC, q.id DESC
                 LIMIT :limit""");
        return LeadVisibility.bind(query, caller)
                .bind("org", caller.orgId())
                .bind("lead", leadId.orElse(null))
                .bind("status", status.map(Enum::name).orElse(null))
                .bind("afterAt", page.after().map(PageRequest.Position::at).orElse(null))
                .bind("afterId", page.after().map(PageRequest.Position::id).orElse(null))
                .bind("limit", page.fetchSize())
                .map(ROW).list();
    }

    void insertVersion(Handle handle, UUID orgId, QuotationContent content, UUID frozenBy, String overrideReason) {
        handle.createUpdate("""
                INSERT INTO quotation_versions (quotation_id, version, org_id, content, content_sha256, frozen_at, frozen_by, override_reason)
                VALUES (:quotation, :version, :org, CAST(:content AS jsonb), :sha, :at, :by, :reason)""")
                .bind("quotation", content.quotationId()).bind("version", content.version()).bind("org", orgId)
                .bind("content", content.canonicalJson()).bind("sha", content.sha256()).bind("at", content.frozenAt())
                .bind("by", frozenBy).bind("reason", overrideReason)
                .execute();
    }

    /** Every frozen version of a quotation, oldest first. */
    List<QuotationVersion> versions(Handle handle, String quotationId) {
        return handle.createQuery("""
                SELECT version, content_sha256, pdf_status, pdf_sha256, frozen_at, frozen_by, override_reason, content::text AS content
                  FROM quotation_versions WHERE quotation_id = :id ORDER BY version""")
                .bind("id", quotationId)
                .map((row, context) -> new QuotationVersion(row.getInt("version"), row.getString("content_sha256"), row.getString("pdf_status"),
                        row.getString("pdf_sha256"), Columns.instant(row, "frozen_at"), row.getObject("frozen_by", UUID.class),
                        row.getString("override_reason"), QuotationContent.parse(row.getString("content"))))
                .list();
    }

    /** The proposal's place in Blob storage, when it has been rendered. */
    Optional<String> pdfPath(Handle handle, String quotationId, int version) {
        return handle.createQuery("SELECT pdf_path FROM quotation_versions WHERE quotation_id = :id AND version = :version AND pdf_status = 'READY'")
                .bind("id", quotationId).bind("version", version).mapTo(String.class).findOne();
    }

    /** Sets the version's proposal back to PENDING, for a new rendering. */
    void requestProposal(Handle handle, String quotationId, int version) {
        handle.createUpdate("""
                UPDATE quotation_versions SET pdf_status = 'PENDING'
                 WHERE quotation_id = :id AND version = :version AND pdf_status <> 'READY'""")
                .bind("id", quotationId).bind("version", version).execute();
    }

    /** The lead's other quotations still open (draft, final or shared) become WITHDRAWN; returns their ids. */
    List<String> withdrawOthers(Handle handle, String leadId, String acceptedId, Instant at) {
        return handle.createQuery("""
                UPDATE quotations SET status = 'WITHDRAWN', decided_at = :at, updated_at = :at
                 WHERE lead_id = :lead AND id <> :accepted AND status IN ('DRAFT', 'FINAL', 'SHARED')
                RETURNING id""")
                .bind("lead", leadId).bind("accepted", acceptedId).bind("at", at).mapTo(String.class).list();
    }

    void insertAcceptance(Handle handle, UUID orgId, Acceptance acceptance) {
        handle.createUpdate("""
                INSERT INTO quotation_acceptances (quotation_id, org_id, version, content_sha256, pdf_sha256, accepted_at, accepted_by,
                                                   client_ip, user_agent, override, reason)
                VALUES (:id, :org, :version, :contentSha, :pdfSha, :at, :by, :ip, :agent, :override, :reason)""")
                .bind("id", acceptance.quotationId()).bind("org", orgId).bind("version", acceptance.version())
                .bind("contentSha", acceptance.contentSha256()).bind("pdfSha", acceptance.pdfSha256()).bind("at", acceptance.acceptedAt())
                .bind("by", acceptance.acceptedBy()).bind("ip", acceptance.clientIp()).bind("agent", acceptance.userAgent())
                .bind("override", acceptance.override()).bind("reason", acceptance.reason())
                .execute();
    }

    Optional<Acceptance> acceptance(Handle handle, String quotationId) {
        return handle.createQuery("""
                SELECT quotation_id, version, content_sha256, pdf_sha256, accepted_at, accepted_by, client_ip, user_agent, override, reason
                  FROM quotation_acceptances WHERE quotation_id = :id""")
                .bind("id", quotationId)
                .map((row, context) -> new Acceptance(row.getString("quotation_id"), row.getInt("version"), row.getString("content_sha256"),
                        row.getString("pdf_sha256"), Columns.instant(row, "accepted_at"), row.getObject("accepted_by", UUID.class),
                        row.getString("client_ip"), row.getString("user_agent"), row.getBoolean("override"), row.getString("reason")))
                .findOne();
    }

    /** The lead's accepted quotation, with the terms it was accepted on (its accepted version's content). */
    Optional<QuotationContent> acceptedContent(Handle handle, String leadId) {
        return handle.createQuery("""
                SELECT v.content::text FROM quotations q
                  JOIN quotation_versions v ON v.quotation_id = q.id AND v.version = q.version
                 WHERE q.lead_id = :lead AND q.status = 'ACCEPTED'""")
                .bind("lead", leadId).mapTo(String.class).findOne().map(QuotationContent::parse);
    }

    // --- the proposal job, in the system scope ------------------------------------------------------------------

    Optional<VersionToRender> versionToRender(Handle handle, String quotationId, int version) {
        return handle.createQuery("""
                SELECT org_id, quotation_id, version, content::text AS content, pdf_status
                  FROM quotation_versions WHERE quotation_id = :id AND version = :version""")
                .bind("id", quotationId).bind("version", version)
                .map((row, context) -> new VersionToRender(row.getObject("org_id", UUID.class), row.getString("quotation_id"),
                        row.getInt("version"), QuotationContent.parse(row.getString("content")), row.getString("pdf_status")))
                .findOne();
    }

    /** Records the rendered proposal; a version already READY keeps the proposal it has. */
    void proposalReady(Handle handle, String quotationId, int version, String path, String sha256, Instant at) {
        handle.createUpdate("""
                UPDATE quotation_versions SET pdf_status = 'READY', pdf_path = :path, pdf_sha256 = :sha, pdf_ready_at = :at
                 WHERE quotation_id = :id AND version = :version AND pdf_status <> 'READY'""")
                .bind("id", quotationId).bind("version", version).bind("path", path).bind("sha", sha256).bind("at", at)
                .execute();
    }

    void proposalFailed(Handle handle, String quotationId, int version) {
        handle.createUpdate("""
                UPDATE quotation_versions SET pdf_status = 'FAILED'
                 WHERE quotation_id = :id AND version = :version AND pdf_status = 'PENDING'""")
                .bind("id", quotationId).bind("version", version).execute();
    }

    private static Row map(ResultSet row, StatementContext context) throws SQLException {
        return new Row(
                row.getString("id"),
                row.getObject("org_id", UUID.class),
                row.getString("lead_id"),
                row.getObject("author_id", UUID.class),
                QuotationStatus.valueOf(row.getString("status")),
                row.getObject("version", Integer.class),
                body(row.getString("content")),
                row.getObject("valid_until", LocalDate.class),
                Columns.instant(row, "shared_at"),
                Columns.instant(row, "decided_at"),
                row.getString("reject_reason"),
                Columns.instant(row, "created_at"),
                Columns.instant(row, "updated_at"),
                row.getString("content_sha256"),
                row.getString("pdf_status"),
                row.getString("pdf_sha256"));
    }

    private static String json(Body body) {
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Quotation body cannot be written as JSON", e);
        }
    }

    private static Body body(String json) {
        try {
            return Json.MAPPER.readValue(json, Body.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored quotation body is not readable", e);
        }
    }
}
