package com.cpnetwork.documents;

import com.cpnetwork.platform.PageRequest;
import com.cpnetwork.platform.db.Columns;
import com.cpnetwork.platform.errors.Invalid;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * SQL for documents. Row-level security keeps each statement in the transaction's organization (retention's claims
 * excepted, in the system scope); who may see which document is decided by the service through the leads port.
 * State changes are guarded updates: zero rows means the document was no longer in the expected state.
 */
final class DocumentRepository {

    static final String COLUMNS = """
            id, org_id, kind, customer_id, lead_id, doc_type, file_name, content_type, size_bytes, status, invalid_reason,
            upload_etag, checked_etag, scan_clean_etag, link_expires_at, uploaded_at, review_reason, reviewed_by, reviewed_at,
            created_by, created_at, updated_at, deleted_at""";

    static final RowMapper<StoredDocument> DOCUMENT = DocumentRepository::map;

    void insert(Handle handle, StoredDocument document) {
        handle.createUpdate("""
                INSERT INTO documents (id, org_id, kind, customer_id, lead_id, doc_type, file_name, content_type, size_bytes, status,
                                       link_expires_at, created_by, created_at, updated_at)
                VALUES (:id, :org, :kind, CAST(:customer AS uuid), :lead, :docType, :fileName, :contentType, :size, :status,
                        :linkExpiresAt, :createdBy, :createdAt, :updatedAt)""")
                .bind("id", document.id()).bind("org", document.orgId()).bind("kind", document.kind().name())
                .bind("customer", document.customerId()).bind("lead", document.leadId()).bind("docType", document.docType())
                .bind("fileName", document.fileName()).bind("contentType", document.declaredType().mediaType())
                .bind("size", document.sizeBytes()).bind("status", document.status().name())
                .bind("linkExpiresAt", document.linkExpiresAt()).bind("createdBy", document.createdBy())
                .bind("createdAt", document.createdAt()).bind("updatedAt", document.updatedAt())
                .execute();
    }

    /** The document, deleted or not; {@code lock} keeps its row locked until the transaction ends. */
    Optional<StoredDocument> find(Handle handle, UUID id, boolean lock) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM documents WHERE id = :id" + (lock ? " FOR UPDATE" : ""))
                .bind("id", id).map(DOCUMENT).findOne();
    }

    /**
     * The lead's documents that count toward its limit: not deleted, not INVALID, and not waiting for an upload whose
     * link expired more than {@code grace} ago.
     */
    int countLive(Handle handle, String leadId, Instant now, Duration grace) {
        return handle.createQuery("""
                SELECT count(*) FROM documents
                 WHERE lead_id = :lead AND deleted_at IS NULL
                   AND (status IN ('VALIDATING', 'VALID') OR status = 'AWAITING_UPLOAD' AND link_expires_at > :abandonedBefore)""")
                .bind("lead", leadId).bind("abandonedBefore", now.minus(grace)).mapTo(Integer.class).one();
    }

    /** The customer's newest REJECTED KYC document of this type, locked, to be uploaded again. */
    Optional<StoredDocument> rejectedKyc(Handle handle, UUID customerId, String docType) {
        return handle.createQuery("SELECT " + COLUMNS + """
                         FROM documents
                        WHERE customer_id = :customer AND doc_type = :docType AND status = 'REJECTED' AND deleted_at IS NULL
                        ORDER BY created_at DESC, id DESC LIMIT 1
                        FOR UPDATE""")
                .bind("customer", customerId).bind("docType", docType).map(DOCUMENT).findOne();
    }

    /** A REJECTED KYC document waits for a new upload under the same id: new declaration, new link, review cleared. */
    int reopen(Handle handle, UUID id, String fileName, FileType type, long size, Instant linkExpiresAt, Instant now) {
        return handle.createUpdate("""
                UPDATE documents SET status = 'AWAITING_UPLOAD', file_name = :fileName, content_type = :contentType, size_bytes = :size,
                                     link_expires_at = :linkExpiresAt, upload_etag = NULL, checked_etag = NULL, scan_clean_etag = NULL,
                                     review_reason = NULL, reviewed_by = NULL, reviewed_at = NULL, updated_at = :now
                 WHERE id = :id AND status = 'REJECTED' AND deleted_at IS NULL""")
                .bind("id", id).bind("fileName", fileName).bind("contentType", type.mediaType()).bind("size", size)
                .bind("linkExpiresAt", linkExpiresAt).bind("now", now).execute();
    }

    List<StoredDocument> listOfLead(Handle handle, String leadId, PageRequest page) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM documents WHERE lead_id = :lead AND deleted_at IS NULL" + PAGE)
                .bind("lead", leadId).bindMap(pageParameters(page)).map(DOCUMENT).list();
    }

    List<StoredDocument> listOfCustomer(Handle handle, UUID customerId, PageRequest page) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM documents WHERE customer_id = :customer AND deleted_at IS NULL" + PAGE)
                .bind("customer", customerId).bindMap(pageParameters(page)).map(DOCUMENT).list();
    }

    private static final String PAGE = """
             AND (CAST(:afterAt AS timestamptz) IS NULL OR (created_at, id) < (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid)))
            ORDER BY created_at DESC, id DESC
            LIMIT :limit""";

    private static Map<String, Object> pageParameters(PageRequest page) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("afterAt", page.after().map(PageRequest.Position::at).orElse(null));
        parameters.put("afterId", page.after().map(position -> documentId(position.id())).orElse(null));
        parameters.put("limit", page.fetchSize());
        return parameters;
    }

    /** A cursor's position names a document id; anything else is a cursor this API did not issue (400, not a SQL error). */
    private static UUID documentId(String cursorId) {
        try {
            return UUID.fromString(cursorId);
        } catch (IllegalArgumentException e) {
            throw Invalid.field("cursor", "is not a cursor this API issued");
        }
    }

    /** VALID → APPROVED or REJECTED. */
    int review(Handle handle, UUID id, DocumentStatus decision, String reason, UUID reviewer, Instant now) {
        return handle.createUpdate("""
                UPDATE documents SET status = :status, review_reason = :reason, reviewed_by = :reviewer, reviewed_at = :now, updated_at = :now
                 WHERE id = :id AND status = 'VALID' AND deleted_at IS NULL""")
                .bind("id", id).bind("status", decision.name()).bind("reason", reason).bind("reviewer", reviewer).bind("now", now)
                .execute();
    }

    int markDeleted(Handle handle, UUID id, UUID by, String reason, Instant now) {
        return handle.createUpdate("""
                UPDATE documents SET deleted_at = :now, deleted_by = :by, delete_reason = :reason, updated_at = :now
                 WHERE id = :id AND deleted_at IS NULL""")
                .bind("id", id).bind("by", by).bind("reason", reason).bind("now", now).execute();
    }

    void markBlobsRemoved(Handle handle, UUID id, Instant now) {
        handle.createUpdate("UPDATE documents SET blobs_removed_at = :now WHERE id = :id AND deleted_at IS NOT NULL AND blobs_removed_at IS NULL")
                .bind("id", id).bind("now", now).execute();
    }

    /** An upload arrived for a document waiting for one, or a newer version replaced the one being validated. */
    int startValidating(Handle handle, UUID id, String etag, Instant uploadedAt, Instant now) {
        return handle.createUpdate("""
                UPDATE documents SET status = 'VALIDATING', upload_etag = :etag, uploaded_at = :uploadedAt, updated_at = :now
                 WHERE id = :id AND status IN ('AWAITING_UPLOAD', 'VALIDATING') AND deleted_at IS NULL""")
                .bind("id", id).bind("etag", etag).bind("uploadedAt", uploadedAt).bind("now", now).execute();
    }

    /** The content of version {@code etag} passed the checks; it waits for the malware scan's verdict. */
    void markChecked(Handle handle, UUID id, String etag) {
        handle.createUpdate("UPDATE documents SET checked_etag = :etag WHERE id = :id").bind("id", id).bind("etag", etag).execute();
    }

    /** The malware scan found version {@code etag} clean (recorded even before its validation started). */
    void markScanClean(Handle handle, UUID id, String etag) {
        handle.createUpdate("UPDATE documents SET scan_clean_etag = :etag WHERE id = :id").bind("id", id).bind("etag", etag).execute();
    }

    /** VALIDATING → VALID, for the version being validated only. */
    int markValid(Handle handle, UUID id, String etag, Instant now) {
        return handle.createUpdate("""
                UPDATE documents SET status = 'VALID', updated_at = :now
                 WHERE id = :id AND status = 'VALIDATING' AND upload_etag = :etag AND deleted_at IS NULL""")
                .bind("id", id).bind("etag", etag).bind("now", now).execute();
    }

    /**
     * → INVALID: from VALIDATING of version {@code etag}, or (a malware verdict that came first) from
     * AWAITING_UPLOAD.
     */
    int markInvalid(Handle handle, UUID id, String etag, InvalidReason reason, Instant uploadedAt, Instant now) {
        return handle.createUpdate("""
                UPDATE documents SET status = 'INVALID', invalid_reason = :reason, upload_etag = :etag,
                                     uploaded_at = coalesce(uploaded_at, :uploadedAt), updated_at = :now
                 WHERE id = :id AND deleted_at IS NULL
                   AND (status = 'VALIDATING' AND upload_etag = :etag OR status = 'AWAITING_UPLOAD')""")
                .bind("id", id).bind("etag", etag).bind("reason", reason.name()).bind("uploadedAt", uploadedAt).bind("now", now)
                .execute();
    }

    /** A document retention has claimed, and what is to be done with it. */
    record Due(UUID id, UUID orgId, Work work, DocumentStatus status) {

        enum Work {
            /** Seven years are up, or its link expired unused: blobs and record go. */
            PURGE,
            /** Validating for too long: given up (INVALID) first, then its blobs go. */
            TIME_OUT,
            /** Deleted, or its validation given up, and its blobs are still to go. */
            REMOVE_BLOBS,
            /** Changed since it was found (a validation decided meanwhile): left alone, its claim simply expires. */
            NOTHING
        }

        String blobName() {
            return DocumentBlobs.nameOf(orgId, id);
        }

        /**
         * Whether an upload blob may still exist: only while one is awaited or being validated, since the validator
         * deletes every upload it has judged (and every later one through the same link); a deleted or given-up
         * document's blobs are all removed, to be sure.
         */
        boolean mayHaveUpload() {
            return work != Work.PURGE || status == DocumentStatus.AWAITING_UPLOAD || status == DocumentStatus.VALIDATING;
        }
    }

    /** What retention removes: uploads older than {@code uploadedBefore}, and links that expired before {@code abandonedBefore} unused. */
    private static final String PURGE_DUE = "(uploaded_at < :uploadedBefore OR status = 'AWAITING_UPLOAD' AND link_expires_at < :abandonedBefore)";
    /** Validations retention gives up: an upload that arrived before {@code validatingSince} and was never judged. */
    private static final String VALIDATION_TIMED_OUT = "status = 'VALIDATING' AND deleted_at IS NULL AND uploaded_at < :validatingSince";
    /** Documents whose blobs retention still has to delete: deleted ones, and given-up validations. */
    private static final String BLOBS_LEFT = "blobs_removed_at IS NULL AND (deleted_at IS NOT NULL OR invalid_reason = 'VALIDATION_TIMED_OUT')";

    /**
     * Claims up to {@code batch} due documents of every organization for {@code claim} until {@code until} (system
     * scope). Rows another run holds, by lock or by an unexpired claim, are skipped, so runs at the same time share the
     * work; a crashed run's claims expire and are taken over. Each row's work is judged on the row as claimed.
     */
    List<Due> claimDue(Handle handle, UUID claim, Instant now, Instant until, Instant uploadedBefore, Instant abandonedBefore,
                       Instant validatingSince, int batch) {
        String unclaimed = "(purge_claimed_until IS NULL OR purge_claimed_until < :now)";
        String candidates = String.join(" UNION ALL ",
                "(SELECT id FROM documents WHERE uploaded_at < :uploadedBefore AND " + unclaimed + " LIMIT :batch)",
                "(SELECT id FROM documents WHERE status = 'AWAITING_UPLOAD' AND link_expires_at < :abandonedBefore AND " + unclaimed
                        + " LIMIT :batch)",
                "(SELECT id FROM documents WHERE " + VALIDATION_TIMED_OUT + " AND " + unclaimed + " LIMIT :batch)",
                "(SELECT id FROM documents WHERE deleted_at IS NOT NULL AND blobs_removed_at IS NULL AND " + unclaimed + " LIMIT :batch)",
                "(SELECT id FROM documents WHERE invalid_reason = 'VALIDATION_TIMED_OUT' AND blobs_removed_at IS NULL AND " + unclaimed
                        + " LIMIT :batch)");
        String work = "CASE WHEN " + PURGE_DUE + " THEN 'PURGE' WHEN " + VALIDATION_TIMED_OUT + " THEN 'TIME_OUT' WHEN " + BLOBS_LEFT
                + " THEN 'REMOVE_BLOBS' ELSE 'NOTHING' END";
        // The claim is checked again on the locked row: a row another run claimed since this statement began is skipped.
        return handle.createQuery("UPDATE documents d SET purge_claim = :claim, purge_claimed_until = :until"
                        + " FROM (SELECT id FROM documents WHERE id IN (" + candidates + ") AND " + unclaimed
                        + " LIMIT :batch FOR UPDATE SKIP LOCKED) due"
                        + " WHERE d.id = due.id RETURNING d.id, d.org_id, d.status, " + work + " AS work")
                .bind("claim", claim).bind("until", until).bind("now", now).bind("uploadedBefore", uploadedBefore)
                .bind("abandonedBefore", abandonedBefore).bind("validatingSince", validatingSince).bind("batch", batch)
                .map((row, context) -> new Due(row.getObject("id", UUID.class), row.getObject("org_id", UUID.class),
                        Due.Work.valueOf(row.getString("work")), DocumentStatus.valueOf(row.getString("status"))))
                .list();
    }

    /**
     * Gives up the validation of the claimed documents still validating an upload older than {@code validatingSince}
     * (organization scope): INVALID, {@link InvalidReason#VALIDATION_TIMED_OUT}, claim kept for the blob deletes.
     * Returns each document as it was and as it is now; one the validator decided meanwhile is left out.
     */
    List<Change> timeOutClaimed(Handle handle, List<UUID> ids, UUID claim, Instant validatingSince, Instant now) {
        List<StoredDocument> before = handle.createQuery("SELECT " + COLUMNS + " FROM documents WHERE id = ANY(:ids) AND purge_claim = :claim AND "
                        + VALIDATION_TIMED_OUT + " ORDER BY id FOR UPDATE")
                .bind("ids", ids.toArray(UUID[]::new)).bind("claim", claim).bind("validatingSince", validatingSince).map(DOCUMENT).list();
        if (before.isEmpty()) {
            return List.of();
        }
        Map<UUID, StoredDocument> after = new HashMap<>();
        handle.createQuery("""
                        UPDATE documents SET status = 'INVALID', invalid_reason = 'VALIDATION_TIMED_OUT', updated_at = :now
                         WHERE id = ANY(:ids) AND status = 'VALIDATING' RETURNING\s""" + COLUMNS)
                .bind("ids", before.stream().map(StoredDocument::id).toArray(UUID[]::new)).bind("now", now)
                .map(DOCUMENT).forEach(document -> after.put(document.id(), document));
        return before.stream().map(document -> new Change(document, after.get(document.id()))).toList();
    }

    /** A document before and after one change. */
    record Change(StoredDocument before, StoredDocument after) {
    }

    /** Deletes the claimed documents that are still due (organization scope); returns them as they were. */
    List<StoredDocument> purgeClaimed(Handle handle, List<UUID> ids, UUID claim, Instant uploadedBefore, Instant abandonedBefore) {
        return handle.createQuery("DELETE FROM documents WHERE id = ANY(:ids) AND purge_claim = :claim AND " + PURGE_DUE
                        + " RETURNING " + COLUMNS)
                .bind("ids", ids.toArray(UUID[]::new)).bind("claim", claim).bind("uploadedBefore", uploadedBefore)
                .bind("abandonedBefore", abandonedBefore).map(DOCUMENT).list();
    }

    /** Records that the blobs of these claimed, deleted or timed-out documents are gone, and releases the claims. */
    void blobsRemovedOfClaimed(Handle handle, List<UUID> ids, UUID claim, Instant now) {
        handle.createUpdate("UPDATE documents SET blobs_removed_at = :now, purge_claim = NULL, purge_claimed_until = NULL"
                        + " WHERE id = ANY(:ids) AND purge_claim = :claim AND " + BLOBS_LEFT)
                .bind("ids", ids.toArray(UUID[]::new)).bind("claim", claim).bind("now", now).execute();
    }

    private static StoredDocument map(ResultSet row, StatementContext context) throws SQLException {
        String invalid = row.getString("invalid_reason");
        return new StoredDocument(
                row.getObject("id", UUID.class),
                row.getObject("org_id", UUID.class),
                DocumentKind.valueOf(row.getString("kind")),
                row.getObject("customer_id", UUID.class),
                row.getString("lead_id"),
                row.getString("doc_type"),
                row.getString("file_name"),
                FileType.ofMediaType(row.getString("content_type")).orElseThrow(),
                row.getLong("size_bytes"),
                DocumentStatus.valueOf(row.getString("status")),
                invalid == null ? null : InvalidReason.valueOf(invalid),
                row.getString("upload_etag"),
                row.getString("checked_etag"),
                row.getString("scan_clean_etag"),
                Columns.instant(row, "link_expires_at"),
                Columns.instant(row, "uploaded_at"),
                row.getString("review_reason"),
                row.getObject("reviewed_by", UUID.class),
                Columns.instant(row, "reviewed_at"),
                row.getObject("created_by", UUID.class),
                Columns.instant(row, "created_at"),
                Columns.instant(row, "updated_at"),
                Columns.instant(row, "deleted_at"));
    }
}
