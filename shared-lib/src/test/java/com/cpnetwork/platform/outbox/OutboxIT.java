package com.cpnetwork.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.models.PeekedMessageItem;
import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.db.TransactionScope;
import com.cpnetwork.platform.json.Json;
import com.cpnetwork.platform.storage.StorageSettings;
import com.cpnetwork.testing.MutableClock;
import com.cpnetwork.testing.Rows;
import com.cpnetwork.testing.TestInfrastructure;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Work recorded with a change goes on its queue only if the change commits, and is never lost in between. */
class OutboxIT {

    private final TestInfrastructure infrastructure = TestInfrastructure.get();
    private final Database database = infrastructure.database();
    private final MutableClock clock = MutableClock.startingNow();
    private final Outbox outbox = new Outbox(database, infrastructure.storage(), clock, Runnable::run);

    private UUID org;
    private String queueName;

    @BeforeEach
    void anOrganizationAndItsOwnQueue() {
        org = UUID.randomUUID();
        database.inTransaction(TransactionScope.organization(org), handle -> handle.createUpdate(
                "INSERT INTO organizations (id, name, created_at) VALUES (:id, 'Outbox test', :now)")
                .bind("id", org).bind("now", clock.instant()).execute());
        queueName = "outbox-it-" + UUID.randomUUID();
    }

    @Test
    void workAddedInACommittedTransactionIsQueuedAsABase64Message() throws Exception {
        rawQueue().create();

        UUID id = database.inTransaction(TransactionScope.organization(org),
                handle -> outbox.add(handle, org, queueName, Map.of("documentId", "DOC-1")));

        List<PeekedMessageItem> messages = peek();
        assertThat(messages).hasSize(1);
        String raw = messages.get(0).getBody().toString();
        JsonNode message = Json.MAPPER.readTree(Base64.getDecoder().decode(raw));
        assertThat(message.path("outboxId").asText()).isEqualTo(id.toString());
        assertThat(Outbox.outboxIdOf(new String(Base64.getDecoder().decode(raw), StandardCharsets.UTF_8))).isEqualTo(id);
        Map<String, Object> row = row(id);
        assertThat(row).containsEntry("status", "QUEUED").containsEntry("org_id", org).containsEntry("queue", queueName);
        assertThat(((Timestamp) row.get("queued_at")).toInstant()).isEqualTo(clock.instant());
        assertThat((String) row.get("payload")).isEqualTo("{\"documentId\": \"DOC-1\"}");
    }

    @Test
    void workAddedInATransactionThatRollsBackLeavesNoRowAndNoMessage() {
        rawQueue().create();
        UUID[] added = new UUID[1];

        assertThatThrownBy(() -> database.inTransaction(TransactionScope.organization(org), handle -> {
            added[0] = outbox.add(handle, org, queueName, Map.of("documentId", "DOC-2"));
            throw new IllegalStateException("the change failed");
        })).hasMessage("the change failed");

        assertThat(added[0]).isNotNull();
        assertThat(Rows.count("SELECT count(*) FROM outbox WHERE id = ?", added[0])).isZero();
        assertThat(peek()).isEmpty();
    }

    @Test
    void workThatCouldNotBeQueuedStaysPendingAndIsResentLater() {
        UUID id = database.inTransaction(TransactionScope.organization(org),
                handle -> outbox.add(handle, org, queueName, Map.of("documentId", "DOC-3"))); // the queue does not exist yet

        assertThat(row(id)).containsEntry("status", "PENDING");

        rawQueue().create();
        outbox.resendPending(Duration.ofMinutes(1), 100);
        assertThat(row(id)).containsEntry("status", "PENDING"); // too young: its own after-commit send may still be under way
        assertThat(peek()).isEmpty();

        clock.advance(Duration.ofMinutes(2));
        int resent = outbox.resendPending(Duration.ofMinutes(1), 100);

        assertThat(resent).isPositive();
        assertThat(row(id)).containsEntry("status", "QUEUED");
        assertThat(peek()).singleElement().satisfies(message -> assertThat(
                new String(Base64.getDecoder().decode(message.getBody().toString()), StandardCharsets.UTF_8)).contains(id.toString()));
    }

    @Test
    void aRowIsClaimedOnlyOnce() {
        rawQueue().create();
        UUID id = database.inTransaction(TransactionScope.organization(org),
                handle -> outbox.add(handle, org, queueName, Map.of("documentId", "DOC-4")));

        assertThat(outbox.claim(id)).hasValueSatisfying(claimed -> {
            assertThat(claimed.orgId()).isEqualTo(org);
            assertThat(claimed.attempts()).isEqualTo(1);
            assertThat(claimed.payload().path("documentId").asText()).isEqualTo("DOC-4");
        });
        assertThat(outbox.claim(id)).isEmpty();
        assertThat(Rows.<String>one("SELECT status FROM outbox WHERE id = ?", id)).isEqualTo("SENDING");
    }

    @Test
    void anOrganizationCannotRecordWorkForAnother() {
        UUID other = UUID.randomUUID();

        assertThatThrownBy(() -> database.inTransaction(TransactionScope.organization(org),
                handle -> outbox.add(handle, other, queueName, Map.of())))
                .hasMessageContaining("row-level security");
    }

    private QueueClient rawQueue() {
        // No message encoding: the test sees the text exactly as it sits on the queue.
        return new QueueClientBuilder().connectionString(infrastructure.settings().get(StorageSettings.NAME)).queueName(queueName)
                .buildClient();
    }

    private List<PeekedMessageItem> peek() {
        return rawQueue().peekMessages(32, null, null).stream().toList();
    }

    private static Map<String, Object> row(UUID id) {
        return Rows.list("SELECT status, org_id, queue, queued_at, payload::text AS payload FROM outbox WHERE id = ?", id).get(0);
    }
}
