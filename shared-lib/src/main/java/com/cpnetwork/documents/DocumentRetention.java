package com.cpnetwork.documents;

import com.cpnetwork.audit.AuditEntry;
import com.cpnetwork.audit.AuditTrail;
import com.cpnetwork.audit.EntityType;
import com.cpnetwork.documents.DocumentRepository.Change;
import com.cpnetwork.documents.DocumentRepository.Due;
import com.cpnetwork.documents.DocumentRepository.Due.Work;
import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.db.TransactionScope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * upload link expired unused is removed too; one still validating {@link #VALIDATING_AT_MOST} after its upload is
 * given up (INVALID, {@link InvalidReason#VALIDATION_TIMED_OUT}) and its blobs deleted; the blobs of deleted documents
 * that storage failed to delete are retried. Audit entries are kept, and each removal or give-up adds one.
 *
 * <p>Works in claimed batches ({@link DocumentRepository#claimDue}): two runs at once share the rows, a crashed run's
 * rows are taken over once its claims expire, and a record goes only after its blobs are gone, so a blob whose delete
 * failed keeps its record for the next run and no record ever points nowhere. A validation is given up before its
 * blobs are touched, by a guarded update: should the validator decide the document meanwhile, its files stay. Memory
 * stays flat: one batch at a time.
 */
public final class DocumentRetention {

    private static final Logger log = LoggerFactory.getLogger(DocumentRetention.class);

    public static final Period KEPT_FOR = Period.ofYears(7);
    /**
     * How long a document may stay VALIDATING after its upload arrived. The blob trigger makes its five attempts within
     * minutes and Defender's verdict usually follows in minutes too; after a day neither is coming (the upload went to
     * poison, or the verdict was lost), and the document would hold a place among the lead's seven for ever. With the
     * daily run, such a document turns INVALID between one and two days after its upload.
     */
    public static final Duration VALIDATING_AT_MOST = Duration.ofHours(24);
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
     * @param timedOut     documents whose validation was given up (now INVALID)
     * @param blobsRemoved deleted or given-up documents whose blobs are now gone
     * @param retryLater   documents whose blobs could not be deleted this time
     */
    public record Outcome(int purged, int timedOut, int blobsRemoved, int retryLater) {
    }

    /** Removes what is due, batch after batch, until nothing is or {@code budget} is spent (the rest waits for the next run). */
    public Outcome purge(Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        int purged = 0;
        int timedOut = 0;
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
                Instant validatingSince = now.minus(VALIDATING_AT_MOST);
                UUID claim = UUID.randomUUID();
                List<Due> due = database.inTransaction(TransactionScope.system(), handle ->
                        documents.claimDue(handle, claim, now, now.plus(CLAIM), uploadedBefore, abandonedBefore, validatingSince, BATCH));
                if (due.isEmpty()) {
                    break;
                }
                Set<UUID> givenUp = giveUpValidations(due, claim, validatingSince, now);
                timedOut += givenUp.size();
                List<Due> toClear = due.stream()
                        .filter(d -> d.work() == Work.PURGE || d.work() == Work.REMOVE_BLOBS || givenUp.contains(d.id())).toList();
                List<Due> cleared = withoutBlobs(toClear, deleting);
                retryLater += toClear.size() - cleared.size();
                Map<UUID, List<Due>> byOrganization = cleared.stream()
                        .collect(Collectors.groupingBy(Due::orgId, LinkedHashMap::new, Collectors.toList()));
                for (Map.Entry<UUID, List<Due>> organization : byOrganization.entrySet()) {
                    List<UUID> toPurge = organization.getValue().stream().filter(d -> d.work() == Work.PURGE).map(Due::id).toList();
                    List<UUID> toMark = organization.getValue().stream().filter(d -> d.work() != Work.PURGE).map(Due::id).toList();
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
        return new Outcome(purged, timedOut, blobsRemoved, retryLater);
    }

    /**
     * Turns the claimed documents of {@code due} that are still validating an upload older than {@code validatingSince}
     * INVALID, each in its organization's scope with a {@code DOCUMENT_TIMED_OUT} audit entry; returns their ids.
     */
    private Set<UUID> giveUpValidations(List<Due> due, UUID claim, Instant validatingSince, Instant now) {
        Map<UUID, List<UUID>> byOrganization = due.stream().filter(d -> d.work() == Work.TIME_OUT)
                .collect(Collectors.groupingBy(Due::orgId, LinkedHashMap::new, Collectors.mapping(Due::id, Collectors.toList())));
        Set<UUID> givenUp = new HashSet<>();
        for (Map.Entry<UUID, List<UUID>> organization : byOrganization.entrySet()) {
            givenUp.addAll(database.inTransaction(TransactionScope.organization(organization.getKey()), handle -> {
                List<Change> changes = documents.timeOutClaimed(handle, organization.getValue(), claim, validatingSince, now);
                for (Change change : changes) {
                    audit.record(handle, AuditEntry.changed(organization.getKey(), null, "DOCUMENT_TIMED_OUT", EntityType.DOCUMENT,
                            change.before().id().toString(), change.before().view(), change.after().view()));
                }
                return changes.stream().map(change -> change.before().id()).toList();
            }));
        }
        return givenUp;
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
