package com.cpnetwork.platform.outbox;

import com.azure.core.util.Context;
import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.db.TransactionScope;
import com.cpnetwork.platform.json.Json;
import com.cpnetwork.platform.storage.Storage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background work that a change causes. {@link #add} records it in the change's own transaction; after commit it is
 * put on its Storage queue as {@code {"outboxId": ...}}, off the request's thread, so a slow or absent storage
 * account never holds an answer. A crash or a storage outage between commit and send leaves the row PENDING, and
 * {@link #resendPending} (a timer) sends it later, so no work is lost. Thread-safe.
 */
public final class Outbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    /** One hand-off to the queue, retries included; after that the row waits for the relay. */
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(3);
    /** Sends waiting for a dispatcher thread; beyond this they are left to the relay rather than piling up in memory. */
    private static final int WAITING_SENDS = 1_000;

    private final Database database;
    private final Storage storage;
    private final Clock clock;
    private final Executor dispatcher;

    /** @param dispatcher runs the after-commit sends; {@code Runnable::run} sends on the committing thread (tests) */
    public Outbox(Database database, Storage storage, Clock clock, Executor dispatcher) {
        this.database = database;
        this.storage = storage;
        this.clock = clock;
        this.dispatcher = dispatcher;
    }

    /** An outbox that sends after commit on two background threads, dropping sends to the relay when they back up. */
    public static Outbox sendingInBackground(Database database, Storage storage, Clock clock) {
        ThreadPoolExecutor dispatcher = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(WAITING_SENDS),
                runnable -> {
                    Thread thread = new Thread(runnable, "outbox-dispatch");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.DiscardPolicy());
        return new Outbox(database, storage, clock, dispatcher);
    }

    /** Records work for {@code queue} in the caller's transaction and sends it once that transaction commits. */
    public UUID add(Handle handle, UUID orgId, String queue, Object payload) {
        UUID id = UUID.randomUUID();
        handle.createUpdate("""
                INSERT INTO outbox (id, org_id, queue, payload, status, created_at)
                VALUES (:id, :org, :queue, CAST(:payload AS jsonb), 'PENDING', :now)""")
                .bind("id", id).bind("org", orgId).bind("queue", queue).bind("payload", toJson(payload)).bind("now", clock.instant())
                .execute();
        handle.afterCommit(() -> dispatcher.execute(() -> dispatch(id, queue)));
        return id;
    }

    /** Puts a committed row on its queue and marks it QUEUED; on failure it stays PENDING for the relay. */
    void dispatch(UUID id, String queue) {
        try {
            storage.queue(queue).sendMessageWithResponse(toJson(Map.of("outboxId", id.toString())), null, null, SEND_TIMEOUT, Context.NONE);
            database.inTransaction(TransactionScope.system(), handle -> handle.createUpdate(
                    "UPDATE outbox SET status = 'QUEUED', queued_at = :now WHERE id = :id AND status = 'PENDING'")
                    .bind("id", id).bind("now", clock.instant()).execute());
        } catch (RuntimeException e) {
            log.warn("Outbox row {} not sent to {} yet; the relay will retry: {}", id, queue, e.getClass().getSimpleName());
        }
    }

    /** Sends rows still PENDING after {@code olderThan} (the after-commit send failed or never ran). Returns how many. */
    public int resendPending(Duration olderThan, int batchSize) {
        List<Map<String, Object>> rows = database.inTransaction(TransactionScope.system(), handle -> handle.createQuery("""
                SELECT id, queue FROM outbox
                 WHERE status = 'PENDING' AND created_at < :cutoff
                 ORDER BY created_at LIMIT :batch""")
                .bind("cutoff", clock.instant().minus(olderThan)).bind("batch", batchSize)
                .mapToMap().list());
        rows.forEach(row -> dispatch((UUID) row.get("id"), (String) row.get("queue")));
        return rows.size();
    }

    /**
     * Claims a row for an at-most-once consumer: moves it to SENDING and counts the attempt. Empty when it is
     * already SENDING, DONE or FAILED, i.e. a duplicate delivery or a retry after an unknown outcome.
     */
    public Optional<OutboxMessage> claim(UUID id) {
        return database.inTransaction(TransactionScope.system(), handle -> handle.createQuery("""
                UPDATE outbox SET status = 'SENDING', attempts = attempts + 1
                 WHERE id = :id AND status IN ('PENDING', 'QUEUED')
                RETURNING id, org_id, payload::text AS payload, attempts""")
                .bind("id", id)
                .map((row, context) -> new OutboxMessage(row.getObject("id", UUID.class), row.getObject("org_id", UUID.class),
                        parse(row.getString("payload")), row.getInt("attempts")))
                .findOne());
    }

    /**
     * The work of a row, for a consumer whose work is idempotent and so may run more than once (at least once): the
     * row is not claimed. Empty when the row is gone (purged) or the queue gave up on it.
     */
    public Optional<OutboxMessage> read(UUID id) {
        return database.inTransaction(TransactionScope.system(), handle -> handle.createQuery("""
                SELECT id, org_id, payload::text AS payload, attempts FROM outbox WHERE id = :id AND status <> 'FAILED'""")
                .bind("id", id)
                .map((row, context) -> new OutboxMessage(row.getObject("id", UUID.class), row.getObject("org_id", UUID.class),
                        parse(row.getString("payload")), row.getInt("attempts")))
                .findOne());
    }

    /** Gives a claimed row back after a failure that certainly did nothing, so the queue's retry may claim it again. */
    public void release(UUID id, String error) {
        setStatus(id, "QUEUED", error, List.of("SENDING"));
    }

    /** Marks the work done and drops the fields named in {@code scrub} from the stored payload (e.g. message texts). */
    public void complete(UUID id, List<String> scrub) {
        database.inTransaction(TransactionScope.system(), handle -> handle.createUpdate("""
                UPDATE outbox SET status = 'DONE', done_at = :now, last_error = NULL, payload = payload - CAST(:scrub AS text[])
                 WHERE id = :id""")
                .bind("id", id).bind("now", clock.instant()).bind("scrub", scrub.toArray(String[]::new)).execute());
    }

    /** The queue gave up (poison): the work is marked FAILED so the API can show it. */
    public void fail(UUID id, String error) {
        setStatus(id, "FAILED", error, List.of("PENDING", "QUEUED", "SENDING"));
    }

    private void setStatus(UUID id, String status, String error, List<String> from) {
        database.inTransaction(TransactionScope.system(), handle -> handle.createUpdate("""
                UPDATE outbox SET status = :status, last_error = left(:error, 1000)
                 WHERE id = :id AND status = ANY(CAST(:from AS text[]))""")
                .bind("id", id).bind("status", status).bind("error", error).bind("from", from.toArray(String[]::new)).execute());
    }

    /** Deletes finished rows (DONE or FAILED) older than {@code age}, in batches; returns how many. */
    public int purgeFinished(Duration age) {
        return database.deleteInBatches(TransactionScope.system(), "outbox", "status IN ('DONE', 'FAILED') AND created_at < :cutoff",
                Map.of("cutoff", clock.instant().minus(age)), 1000);
    }

    /** Stops the background sends; rows not sent yet stay PENDING for the relay. */
    @Override
    public void close() {
        if (dispatcher instanceof ExecutorService service) {
            service.shutdownNow();
        }
    }

    /** Reads the outbox id out of a queue message; a message that is not ours is an {@link IllegalArgumentException}. */
    public static UUID outboxIdOf(String queueMessage) {
        try {
            JsonNode id = Json.MAPPER.readTree(queueMessage).path("outboxId");
            return UUID.fromString(id.asText());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Not an outbox message: " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Outbox payload is not JSON", e);
        }
    }

    private static String toJson(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Outbox payload cannot be written as JSON", e);
        }
    }
}
