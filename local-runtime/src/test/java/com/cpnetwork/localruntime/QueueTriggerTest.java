package com.cpnetwork.localruntime;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;
import com.azure.storage.queue.models.QueueStorageException;
import com.azure.storage.queue.models.SendMessageResult;
import com.cpnetwork.localruntime.azurite.Azurite;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueTriggerTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static Azurite azurite;
    private static Reports reports;
    private static FunctionsHost host;
    private static Set<String> queuesBeforeAnyTest;

    @BeforeAll
    static void start(@TempDir Path reportDir) {
        azurite = Azurite.start();
        reports = new Reports(reportDir);
        host = TestApp.start(azurite, reports);
        queuesBeforeAnyTest = awaitQueues(Set.of("jobs", "binary-jobs", "slow-jobs"));
    }

    @AfterAll
    static void stop() {
        host.close();
        azurite.close();
    }

    private static QueueClient queue(String name, QueueMessageEncoding encoding) {
        QueueClient queue = new QueueClientBuilder().connectionString(azurite.connectionString()).queueName(name)
                .messageEncoding(encoding).buildClient();
        queue.createIfNotExists();
        return queue;
    }

    /** The raw text of the messages in a queue, looked at without hiding them from anyone else. */
    private static List<String> peek(String queueName) {
        List<String> texts = new ArrayList<>();
        queue(queueName, QueueMessageEncoding.NONE).peekMessages(32, null, null)
                .forEach(item -> texts.add(item.getBody().toString()));
        return texts;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void awaitIn(String queueName, String rawText) {
        Instant deadline = Instant.now().plus(WAIT);
        while (!peek(queueName).contains(rawText) && Instant.now().isBefore(deadline)) {
            Reports.pause(Duration.ofMillis(100));
        }
        assertThat(peek(queueName)).contains(rawText);
    }

    private static List<JsonNode> jobsWith(String message, int count) {
        return reports.await("Jobs", report -> report.path("message").asText().equals(message), count, WAIT);
    }

    @Test
    void messageArrivesAsTextWithItsMetadata() {
        String message = "hello " + UUID.randomUUID();
        SendMessageResult sent = queue("jobs", QueueMessageEncoding.BASE64).sendMessage(message);

        JsonNode seen = jobsWith(message, 1).get(0);
        assertThat(seen.path("queueTrigger").asText()).isEqualTo(message);
        assertThat(seen.path("dequeueCount").asLong()).isEqualTo(1);
        assertThat(seen.path("id").asText()).isEqualTo(sent.getMessageId());
        assertThat(seen.path("popReceipt").asText()).isNotEmpty();
        assertThat(OffsetDateTime.parse(seen.path("insertionTime").asText())).isEqualTo(sent.getInsertionTime());
        assertThat(OffsetDateTime.parse(seen.path("expirationTime").asText())).isEqualTo(sent.getExpirationTime());
        assertThat(OffsetDateTime.parse(seen.path("nextVisibleTime").asText())).isAfter(sent.getInsertionTime());
    }

    @Test
    void failedMessageReappearsAndIsDeliveredAgain() {
        String message = "fail-once:" + UUID.randomUUID();
        queue("jobs", QueueMessageEncoding.BASE64).sendMessage(message);

        List<JsonNode> attempts = jobsWith(message, 2);
        assertThat(attempts).extracting(attempt -> attempt.path("dequeueCount").asLong()).containsExactly(1L, 2L);
        assertThat(peek("jobs-poison")).doesNotContain(base64(message));
    }

    @Test
    void messageFailingFiveTimesLandsInPoisonQueue() {
        String message = "fail:" + UUID.randomUUID();
        queue("jobs", QueueMessageEncoding.BASE64).sendMessage(message);

        List<JsonNode> attempts = jobsWith(message, 5);
        assertThat(attempts).extracting(attempt -> attempt.path("dequeueCount").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L);
        awaitIn("jobs-poison", base64(message));
        Reports.pause(Duration.ofSeconds(1));
        assertThat(reports.of("Jobs", report -> report.path("message").asText().equals(message))).hasSize(5);
    }

    @Test
    void messageThatIsNotBase64GoesStraightToPoison() {
        String message = "not base64 " + UUID.randomUUID();
        queue("jobs", QueueMessageEncoding.NONE).sendMessage(message);

        awaitIn("jobs-poison", message);
        assertThat(reports.of("Jobs", report -> report.path("message").asText().contains(message))).isEmpty();
    }

    @Test
    void binaryMessageBindsAsBytes() {
        byte[] content = {0, 1, 2, (byte) 254, (byte) 255};
        queue("binary-jobs", QueueMessageEncoding.BASE64).sendMessage(BinaryData.fromBytes(content));

        JsonNode seen = reports.await("BinaryJobs", report -> true, 1, WAIT).get(0);
        assertThat(seen.path("base64").asText()).isEqualTo("AAEC/v8=");
    }

    @Test
    void messagesRunConcurrentlyUpToBatchSizePlusNewBatchThreshold() {
        QueueClient slow = queue("slow-jobs", QueueMessageEncoding.BASE64);
        IntStream.range(0, 16).forEach(i -> slow.sendMessage("slow " + i));

        List<JsonNode> runs = reports.await("SlowJobs", report -> true, 16, WAIT);
        int mostAtOnce = runs.stream().mapToInt(run -> run.path("concurrent").asInt()).max().orElseThrow();
        // The test app's host.json: batchSize 4, newBatchThreshold 2.
        assertThat(mostAtOnce).isBetween(2, 6);
    }

    @Test
    void triggerQueuesAreCreatedWhenMissing() {
        assertThat(queuesBeforeAnyTest).contains("jobs", "binary-jobs", "slow-jobs");
    }

    /** Which of the expected queues exist in a fresh Azurite once all do, or after a few seconds. */
    private static Set<String> awaitQueues(Set<String> expected) {
        Instant deadline = Instant.now().plusSeconds(5);
        Set<String> existing = new HashSet<>();
        while (!existing.containsAll(expected) && Instant.now().isBefore(deadline)) {
            Reports.pause(Duration.ofMillis(50));
            for (String name : expected) {
                try {
                    new QueueClientBuilder().connectionString(azurite.connectionString()).queueName(name).buildClient().getProperties();
                    existing.add(name);
                } catch (QueueStorageException e) {
                    // Not created yet.
                }
            }
        }
        return existing;
    }
}
