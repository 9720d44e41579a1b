package com.cpnetwork.audit;

import com.azure.core.exception.AzureException;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlockBlobOutputStreamOptions;
import com.azure.storage.blob.specialized.BlobOutputStream;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.CsvWriter;
import com.cpnetwork.platform.FieldChecks;
import com.cpnetwork.platform.Page;
import com.cpnetwork.platform.PageRequest;
import com.cpnetwork.platform.Role;
import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.platform.errors.Unavailable;
import com.cpnetwork.platform.json.Json;
import com.cpnetwork.platform.storage.Storage;
import com.cpnetwork.platform.storage.StorageLayout;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The audit trail as admins read it: filtered pages, and the CSV export for auditors. The export streams the rows
 * from PostgreSQL (a cursor, 1,000 at a time) straight into a blob and answers with a 15-minute link to it, so no
 * export holds its rows in memory, whatever its size (the Functions Java worker cannot stream a response body).
 */
public final class AuditLog {

    /** The longest period one export covers. */
    static final Duration LONGEST_EXPORT = Duration.ofDays(366);
    private static final Duration EXPORT_STATEMENT_TIMEOUT = Duration.ofMinutes(2);
    private static final int FETCH = 1_000;
    /**
     * The size of each block staged in Blob storage; also the largest export sent in one request, so that the client
     * never holds more than a block or two of CSV (by default it buffers up to 256 MiB to try a single upload).
     */
    private static final long UPLOAD_BLOCK = 4L * 1024 * 1024;
    private static final List<String> HEADER = List.of("at", "actorId", "action", "entityType", "entityId", "oldValue", "newValue", "requestId");
    private static final String COLUMNS = "id, actor_id, action, entity_type, entity_id, old_value::text AS old_value, "
            + "new_value::text AS new_value, at, request_id";
    private static final RowMapper<AuditRecord> RECORD = AuditLog::map;

    private final Database database;
    private final Storage storage;
    private final AuditTrail trail;
    private final Clock clock;

    public AuditLog(Database database, Storage storage, AuditTrail trail, Clock clock) {
        this.database = database;
        this.storage = storage;
        this.trail = trail;
        this.clock = clock;
    }

    /** A finished export: its link, when the link stops working, and how many entries it holds. */
    public record Export(URI url, Instant expiresAt, long rows) {
    }

    /** {@code GET /v1/audit}: the organization's entries, newest first (admins). */
    public Page<AuditRecord> list(Caller caller, AuditFilter filter, PageRequest page) {
        caller.require(Role.ADMIN);
        checkPeriod(filter.from().orElse(null), filter.to().orElse(null), null);
        long afterId = page.after().map(position -> parseId(position.id())).orElse(0L);
        return database.asCaller(caller, handle -> page.page(handle.createQuery("SELECT " + COLUMNS + """
                         FROM audit_log
                        WHERE org_id = :org
                          AND (CAST(:type AS text) IS NULL OR entity_type = :type)
                          AND (CAST(:entity AS text) IS NULL OR entity_id = :entity)
                          AND (CAST(:actor AS uuid) IS NULL OR actor_id = CAST(:actor AS uuid))
                          AND (CAST(:from AS timestamptz) IS NULL OR at >= CAST(:from AS timestamptz))
                          AND (CAST(:to AS timestamptz) IS NULL OR at < CAST(:to AS timestamptz))
                          AND (CAST(:afterAt AS timestamptz) IS NULL OR (at, id) < (CAST(:afterAt AS timestamptz), :afterId))
                        ORDER BY at DESC, id DESC
                        LIMIT :limit""")
                .bind("org", caller.orgId())
                .bind("type", filter.entityType().map(Enum::name).orElse(null))
                .bind("entity", filter.entityId().orElse(null))
                .bind("actor", filter.actorId().orElse(null))
                .bind("from", filter.from().orElse(null))
                .bind("to", filter.to().orElse(null))
                .bind("afterAt", page.after().map(PageRequest.Position::at).orElse(null))
                .bind("afterId", afterId)
                .bind("limit", page.fetchSize())
                .map(RECORD).list(), entry -> new PageRequest.Position(entry.at(), Long.toString(entry.id()))));
    }

    /**
     * {@code GET /v1/audit/export}: the entries of {@code [from, to)} (at most a year) as CSV, oldest first, RFC 4180,
     * formula cells neutralised. The export itself is recorded in the trail.
     */
    public Export export(Caller caller, Instant from, Instant to) {
        caller.require(Role.ADMIN);
        checkPeriod(from, to, LONGEST_EXPORT);
        String blob = caller.orgId() + "/audit-" + from.toString().replace(':', '-') + "-" + to.toString().replace(':', '-') + "-"
                + UUID.randomUUID() + ".csv";
        long rows = database.asCaller(caller, handle -> {
            Database.allowLongerStatements(handle, EXPORT_STATEMENT_TIMEOUT);
            long written = write(handle, caller, from, to, blob);
            trail.record(handle, AuditEntry.event(caller.orgId(), caller.userId(), "AUDIT_EXPORTED", EntityType.ORGANIZATION,
                    caller.orgId().toString(), Map.of("from", from.toString(), "to", to.toString(), "rows", written)));
            return written;
        });
        Storage.BlobLink link = storage.linkToRead(StorageLayout.EXPORTS, blob, Storage.LONGEST_LINK, clock.instant());
        return new Export(link.url(), link.expiresAt(), rows);
    }

    private long write(Handle handle, Caller caller, Instant from, Instant to, String blob) {
        BlockBlobOutputStreamOptions options = new BlockBlobOutputStreamOptions()
                .setParallelTransferOptions(new ParallelTransferOptions().setBlockSizeLong(UPLOAD_BLOCK).setMaxConcurrency(1)
                        .setMaxSingleUploadSizeLong(UPLOAD_BLOCK))
                .setHeaders(new BlobHttpHeaders().setContentType("text/csv; charset=utf-8")
                        .setContentDisposition("attachment; filename=\"audit.csv\""));
        long[] count = {0};
        try (BlobOutputStream stream = storage.container(StorageLayout.EXPORTS).getBlobClient(blob).getBlockBlobClient()
                .getBlobOutputStream(options);
             Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 64 * 1024)) {
            CsvWriter csv = new CsvWriter(out);
            csv.row(HEADER);
            handle.createQuery("SELECT " + COLUMNS + """
                     FROM audit_log
                    WHERE org_id = :org AND at >= :from AND at < :to
                    ORDER BY at, id""")
                    .bind("org", caller.orgId()).bind("from", from).bind("to", to)
                    .setFetchSize(FETCH)
                    .map(RECORD)
                    .useStream(entries -> entries.forEach(entry -> {
                        csv.row(Arrays.asList(entry.at(), text(entry.actorId()), entry.action(), entry.entityType(), entry.entityId(),
                                text(entry.oldValue()), text(entry.newValue()), text(entry.requestId())));
                        count[0]++;
                    }));
        } catch (IOException | UncheckedIOException | AzureException e) {
            throw new Unavailable("storage", null);
        }
        return count[0];
    }

    /** {@code from} before {@code to}, both storable, and at most {@code longest} apart when there is a limit. */
    private static void checkPeriod(Instant from, Instant to, Duration longest) {
        FieldChecks checks = new FieldChecks();
        if (longest != null) {
            checks.required("from", from).required("to", to);
        }
        if (from != null && to != null) {
            checks.check(from.isBefore(to), "to", "must be after from");
            if (longest != null) {
                checks.check(Duration.between(from, to).compareTo(longest) <= 0, "to", "must be at most " + longest.toDays() + " days after from");
            }
        }
        checks.verify();
    }

    private static long parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw Invalid.field("cursor", "is not a cursor this API issued");
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static AuditRecord map(ResultSet row, StatementContext context) throws SQLException {
        return new AuditRecord(row.getLong("id"), row.getObject("actor_id", UUID.class), row.getString("action"),
                EntityType.valueOf(row.getString("entity_type")), row.getString("entity_id"), tree(row.getString("old_value")),
                tree(row.getString("new_value")), row.getObject("at", OffsetDateTime.class).toInstant(), row.getString("request_id"));
    }

    private static JsonNode tree(String json) {
        try {
            return json == null ? null : Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored audit snapshot is not JSON", e);
        }
    }
}
