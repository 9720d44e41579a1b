package com.cpnetwork.quotations;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.models.AccessTier;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.db.TransactionScope;
import com.cpnetwork.platform.outbox.Outbox;
import com.cpnetwork.platform.outbox.OutboxMessage;
import com.cpnetwork.platform.storage.Storage;
import com.cpnetwork.platform.storage.StorageLayout;
import com.cpnetwork.quotations.QuotationRepository.VersionToRender;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proposal PDFs, made in the background: freezing a version asks for its proposal through the outbox (so the job
 * exists only if the version does), and the queue consumer renders it, stores it in Blob storage (Hot tier) under the
 * organization, quotation and version, and records its path and SHA-256. At least once and idempotent: a version
 * whose proposal is READY is not rendered again, and the same content renders to the same bytes anyway. When the
 * queue gives up, the version's proposal is FAILED until someone asks for it again.
 */
public final class ProposalJobs {

    private static final Logger log = LoggerFactory.getLogger(ProposalJobs.class);
    private static final Duration UPLOAD_TIMEOUT = Duration.ofSeconds(30);

    private final Database database;
    private final QuotationRepository quotations = new QuotationRepository();
    private final Outbox outbox;
    private final Storage storage;
    private final ProposalRenderer renderer;
    private final Clock clock;

    public ProposalJobs(Database database, Outbox outbox, Storage storage, ProposalRenderer renderer, Clock clock) {
        this.database = database;
        this.outbox = outbox;
        this.storage = storage;
        this.renderer = renderer;
        this.clock = clock;
    }

    /** Asks, in the freezing transaction, for the proposal of a version; the job is sent once that transaction commits. */
    void enqueue(Handle handle, UUID orgId, String quotationId, int version) {
        outbox.add(handle, orgId, StorageLayout.PDF_JOBS, Map.of("quotationId", quotationId, "version", version));
    }

    /** Renders and stores the proposal of the job's version, unless it is already there. */
    public void render(UUID outboxId) {
        Optional<OutboxMessage> job = outbox.read(outboxId);
        if (job.isEmpty()) {
            log.info("Proposal job {} is gone or given up; nothing to do", outboxId);
            return;
        }
        String quotationId = job.get().payload().path("quotationId").asText();
        int version = job.get().payload().path("version").asInt();
        Optional<VersionToRender> target = database.inTransaction(TransactionScope.system(),
                handle -> quotations.versionToRender(handle, quotationId, version));
        if (target.isEmpty() || "READY".equals(target.get().pdfStatus())) {
            log.info("Proposal of {} v{} is already rendered (or gone); duplicate job {} ignored", quotationId, version, outboxId);
            outbox.complete(outboxId, List.of());
            return;
        }
        byte[] pdf = renderer.render(target.get().content());
        String path = target.get().orgId() + "/" + quotationId + "/v" + version + ".pdf";
        storage.container(StorageLayout.PROPOSALS).getBlobClient(path).uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromBytes(pdf))
                        .setHeaders(new BlobHttpHeaders().setContentType("application/pdf")
                                .setContentDisposition("inline; filename=\"" + quotationId + "-v" + version + ".pdf\""))
                        .setTier(AccessTier.HOT),
                UPLOAD_TIMEOUT, Context.NONE);
        database.inTransaction(TransactionScope.system(), handle -> {
            quotations.proposalReady(handle, quotationId, version, path, QuotationContent.sha256(pdf), clock.instant());
            return null;
        });
        outbox.complete(outboxId, List.of());
        log.info("Proposal of {} v{} rendered ({} bytes)", quotationId, version, pdf.length);
    }

    /** The queue gave up on the job: the version's proposal is FAILED, for the API to show and a new request to retry. */
    public void giveUp(UUID outboxId) {
        outbox.read(outboxId).ifPresent(job -> database.inTransaction(TransactionScope.system(), handle -> {
            quotations.proposalFailed(handle, job.payload().path("quotationId").asText(), job.payload().path("version").asInt());
            return null;
        }));
        outbox.fail(outboxId, "Rendering failed after the queue's retries");
        log.warn("Proposal job {} marked FAILED after the queue's retries", outboxId);
    }
}
