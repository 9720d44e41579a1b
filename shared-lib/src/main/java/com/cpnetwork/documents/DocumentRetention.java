package com.cpnetwork.documents;

import com.cpnetwork.audit.AuditEntry;
import com.cpnetwork.audit.AuditTrail;
import com.cpnetwork.audit.EntityType;
import com.cpnetwork.documents.DocumentRepository.Due;
import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.db.TransactionScope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention of documents: a document is removed, blobs and record, seven years after its file was uploaded; one whose
 * upload link expired unused is removed too; the blobs of deleted documents that storage failed to delete are
 * retried. Audit entries are kept, and each removal adds one.
 *
 * <p>Works in claimed batches ({@link DocumentRepository#claimDue}): two runs at once share the rows, a crashed run's
 * rows are taken over once its claims expire, and a record goes only after its blobs are gone, so a blob whose delete
 * failed keeps its record for the next run and no record ever points nowhere. Memory stays flat: one batch at a time.
 */
public final class DocumentRetention {

    private static final Logger log = LoggerFactory.getLogger(DocumentRetention.class);

    public static final Period KEPT_FOR = Period.ofYears(7);
    static final int BATCH = 500;
    /** Long enough for one batch's blob deletes; a run that crashed holds its rows this long. */
    static final Duration CLAIM = Duration.ofMinutes(10);
    /** Blob deletes at once; each is a short request, so a few in parallel keep a batch quick without crowding storage. */
    private static final int PARALLEL_DELETES = 8;

    private final Database database;
    private final DocumentRepository documents = new DocumentRepository();
    private final DocumentBlobs blobs;
    private final AuditTrail audit;
    private final Clock clock;

    DocumentRetention(Database database, DocumentBlobs blobs, AuditTrail audit, Clock clock) {
        this.database = database;
        this.blobs = blobs;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @param purged       documents removed, record and blobs
     * @param blobsRemoved deleted documents whose blobs are now gone
     * @param retryLater   documents whose blobs could not be deleted this time
     */
    public record Outcome(int purged, int blobsRemoved, int retryLater) {
    }

    /** Removes what is due, batch after batch, until nothing is or {@code budget} is spent (the rest waits for the next run). */
    public Outcome purge(Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        int purged = 0;
        int blobsRemoved = 0;
        int retryLater = 0;
        ExecutorService deleting = Executors.newFixedThreadPool(PARALLEL_DELETES, runnable -> {
            Thread thread = new Thread(runnable, "document-retention");
            thread.setDaemon(true);
            return thread;
        });
        try {
            while (System.nanoTime() < deadline) {
                Instant now = clock.instant();
                Instant uploadedBefore = now.atOffset(ZoneOffset.UTC).minus(KEPT_FOR).toInstant();
                Instant abandonedBefore = now.minus(DocumentService.ARRIVAL_GRACE);
                UUID claim = UUID.randomUUID();
                List<Due> due = database.inTransaction(TransactionScope.system(), handle ->
                        documents.claimDue(handle, claim, now, now.plus(CLAIM), uploadedBefore, abandonedBefore, BATCH));
                if (due.isEmpty()) {
                    break;
                }
                List<Due> cleared = withoutBlobs(due, deleting);
                retryLater += due.size() - cleared.size();
                Map<UUID, List<Due>> byOrganization = cleared.stream()
                        .collect(Collectors.groupingBy(Due::orgId, LinkedHashMap::new, Collectors.toList()));
                for (Map.Entry<UUID, List<Due>> organization : byOrganization.entrySet()) {
                    List<UUID> toPurge = organization.getValue().stream().filter(Due::purge).map(Due::id).toList();
                    List<UUID> toMark = organization.getValue().stream().filter(d -> !d.purge()).map(Due::id).toList();
                    purged += database.inTransaction(TransactionScope.organization(organization.getKey()), handle -> {
                        List<StoredDocument> removed = toPurge.isEmpty() ? List.of()
                                : documents.purgeClaimed(handle, toPurge, claim, uploadedBefore, abandonedBefore);
                        for (StoredDocument document : removed) {
                            audit.record(handle, AuditEntry.changed(organization.getKey(), null,
                                    document.status() == DocumentStatus.AWAITING_UPLOAD ? "DOCUMENT_EXPIRED" : "DOCUMENT_PURGED",
                                    EntityType.DOCUMENT, document.id().toString(), document.view(), null));
                        }
                        if (!toMark.isEmpty()) {
                            documents.blobsRemovedOfClaimed(handle, toMark, claim, now);
                        }
                        return removed.size();
                    });
                    blobsRemoved += toMark.size();
                }
            }
        } finally {
            deleting.shutdownNow();
        }
        if (retryLater > 0) {
            log.warn("Retention could not delete the blobs of {} document(s); the next run retries them", retryLater);
        }
        return new Outcome(purged, blobsRemoved, retryLater);
    }

    /** The documents of {@code due} whose blobs are now deleted; the others keep their records (and claims) for later. */
    private List<Due> withoutBlobs(List<Due> due, ExecutorService deleting) {
        List<Future<Due>> deletes = new ArrayList<>(due.size());
        for (Due document : due) {
            deletes.add(deleting.submit(() -> {
                if (document.mayHaveUpload()) {
                    blobs.removeAll(document.blobName());
                } else {
                    blobs.removeKept(document.blobName());
                }
                return document;
            }));
        }
        List<Due> cleared = new ArrayList<>(due.size());
        for (Future<Due> delete : deletes) {
            try {
                cleared.add(delete.get());
            } catch (ExecutionException e) {
                log.debug("A blob delete failed: {}", e.getCause().getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Retention was interrupted", e);
            }
        }
        return cleared;
    }
}
