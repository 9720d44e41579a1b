package com.cpnetwork.localruntime;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;
import com.cpnetwork.localruntime.azurite.Azurite;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobTriggerTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Several scans of the test host, each 200 ms apart. */
    private static final Duration SOME_SCANS = Duration.ofMillis(1200);
    private static Azurite azurite;
    private static Reports reports;
    private static FunctionsHost host;

    @BeforeAll
    static void start(@TempDir Path reportDir) {
        azurite = Azurite.start();
        reports = new Reports(reportDir);
        host = TestApp.start(azurite, reports);
    }

    @AfterAll
    static void stop() {
        host.close();
        azurite.close();
    }

    private static BlobClient upload(String container, String name, String content) {
        BlobContainerClient client = new BlobServiceClientBuilder().connectionString(azurite.connectionString()).buildClient()
                .getBlobContainerClient(container);
        client.createIfNotExists();
        BlobClient blob = client.getBlobClient(name);
        blob.upload(BinaryData.fromString(content), true);
        return blob;
    }

    private static Predicate<JsonNode> field(String name, String value) {
        return report -> report.path(name).asText().equals(value);
    }

    @Test
    void blobFiresWithContentPathPartsAndMetadata() {
        String org = "org" + UUID.randomUUID().toString().substring(0, 8);
        BlobClient blob = upload("uploads", org + "/report.v2.txt", "quarterly numbers");
        blob.setMetadata(Map.of("owner", "kam-7"));

        JsonNode seen = reports.await("UploadText", field("org", org), 1, WAIT).get(0);
        assertThat(seen.path("content").asText()).isEqualTo("quarterly numbers");
        assertThat(seen.path("doc").asText()).isEqualTo("report.v2");
        assertThat(seen.path("ext").asText()).isEqualTo("txt");
        assertThat(seen.path("blobTrigger").asText()).isEqualTo("uploads/" + org + "/report.v2.txt");
        assertThat(seen.path("uri").asText()).isEqualTo(blob.getBlobUrl());
        assertThat(seen.path("properties").asText()).contains("\"Length\":17", "\"BlobType\":\"BlockBlob\"");
    }

    @Test
    void sameBlobVersionFiresOnceAndOverwriteFiresAgain() {
        String org = "org" + UUID.randomUUID().toString().substring(0, 8);
        upload("uploads", org + "/note.txt", "first");
        reports.await("UploadText", field("org", org), 1, WAIT);
        Reports.pause(SOME_SCANS);
        assertThat(reports.of("UploadText", field("org", org))).hasSize(1);

        upload("uploads", org + "/note.txt", "second");
        List<JsonNode> runs = reports.await("UploadText", field("org", org), 2, WAIT);
        assertThat(runs).extracting(run -> run.path("content").asText()).containsExactly("first", "second");
    }

    @Test
    void receiptsKeepARestartedHostFromFiringAgain(@TempDir Path otherReportDir) {
        String org = "org" + UUID.randomUUID().toString().substring(0, 8);
        upload("uploads", org + "/kept.txt", "once");
        reports.await("UploadText", field("org", org), 1, WAIT);

        Reports restartedReports = new Reports(otherReportDir);
        try (FunctionsHost restarted = TestApp.start(azurite, restartedReports)) {
            assertThat(restarted.triggers()).containsKey("UploadText");
            Reports.pause(SOME_SCANS);
            assertThat(restartedReports.of("UploadText", field("org", org))).isEmpty();
        }
        assertThat(receipts()).anySatisfy(receipt -> assertThat(receipt)
                .startsWith("blobreceipts/runtime-test-app/Host.Functions.UploadText/")
                .endsWith("/uploads/" + org + "/kept.txt"));
    }

    @Test
    void blobClientParameterGetsAClientForTheBlob() {
        String name = UUID.randomUUID() + ".bin";
        upload("raw", name, "12345");

        JsonNode seen = reports.await("UploadClient", field("name", name), 1, WAIT).get(0);
        assertThat(seen.path("clientContainer").asText()).isEqualTo("raw");
        assertThat(seen.path("clientBlobName").asText()).isEqualTo(name);
        assertThat(seen.path("size").asLong()).isEqualTo(5);
    }

    @Test
    void anEventGridSourcedTriggerKeepsFiringForEveryNewBlobAndEveryOverwrite() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = UUID.randomUUID() + ".bin";
            names.add(name);
            upload("raw", name, "x".repeat(i + 1));
            reports.await("UploadClient", field("name", name), 1, WAIT);
        }
        upload("raw", names.get(0), "overwritten");

        JsonNode again = reports.await("UploadClient", field("name", names.get(0)), 2, WAIT).get(1);
        assertThat(again.path("size").asLong()).isEqualTo("overwritten".length());
        assertThat(host.triggers()).containsEntry("UploadClient", "blobTrigger: raw/{name} (EventGrid source, served by polling)");
    }

    @Test
    void binaryBlobBindsAsBytes() {
        String name = UUID.randomUUID() + ".bin";
        upload("bytes", name, "abc");

        assertThat(reports.await("UploadBytes", field("name", name), 1, WAIT).get(0).path("length").asInt()).isEqualTo(3);
    }

    @Test
    void blobFailingFiveTimesGoesToThePoisonQueueAndIsNotRetried() throws Exception {
        String name = UUID.randomUUID() + ".txt";
        BlobClient blob = upload("failing", name, "never works");

        reports.await("UploadFailing", field("name", name), BlobScanner.MAX_ATTEMPTS, WAIT);
        JsonNode poisoned = awaitPoisonMessageFor(name);
        assertThat(poisoned.path("FunctionId").asText()).isEqualTo("Host.Functions.UploadFailing");
        assertThat(poisoned.path("ContainerName").asText()).isEqualTo("failing");
        assertThat(poisoned.path("BlobType").asText()).isEqualTo("BlockBlob");
        assertThat(poisoned.path("ETag").asText()).isEqualTo(blob.getProperties().getETag());
        Reports.pause(SOME_SCANS);
        assertThat(reports.of("UploadFailing", field("name", name))).hasSize(BlobScanner.MAX_ATTEMPTS);
    }

    private static List<String> receipts() {
        List<String> names = new ArrayList<>();
        new BlobServiceClientBuilder().connectionString(azurite.connectionString()).buildClient()
                .getBlobContainerClient("azure-webjobs-hosts")
                .listBlobs(new ListBlobsOptions().setPrefix("blobreceipts/"), null)
                .stream().map(BlobItem::getName).forEach(names::add);
        return names;
    }

    private static JsonNode awaitPoisonMessageFor(String blobName) throws Exception {
        QueueClient poison = new QueueClientBuilder().connectionString(azurite.connectionString())
                .queueName("webjobs-blobtrigger-poison").messageEncoding(QueueMessageEncoding.BASE64).buildClient();
        poison.createIfNotExists();
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            for (var message : poison.peekMessages(32, null, null)) {
                JsonNode json = TestApp.JSON.readTree(message.getBody().toString());
                if (json.path("BlobName").asText().equals(blobName)) {
                    return json;
                }
            }
            Reports.pause(Duration.ofMillis(100));
        }
        throw new AssertionError("no message for " + blobName + " in webjobs-blobtrigger-poison after " + WAIT);
    }
}
