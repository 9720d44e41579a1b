package com.cpnetwork.functions.e2e;

import static com.cpnetwork.functions.e2e.ApiWorld.created;
import static com.cpnetwork.functions.e2e.ApiWorld.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobClientBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Documents section of the contract over HTTP against the packaged app: links handed out by the API, real uploads
 * to the storage emulator through them (a raw PUT and the Azure SDK's BlobClient), the validator the host triggers on
 * its own, review with the customer's SMS, download, deletion, the lead limit under twenty requests at once, and the
 * bad inputs of the issue.
 */
class DocumentsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static RunningApp app;
    private static ApiWorld world;
    private static ApiClient api;
    private static ApiWorld.Org org;
    private static ApiWorld.Account cp;
    private static ApiWorld.Account otherCp;
    /** A KAM who looks after none of the organization's CPs, so sees none of these leads. */
    private static String kam;
    private static String leadId;
    private static String customerId;
    private static String customerPhone;
    private static String customerToken;
    private static ApiWorld.Org otherOrg;
    private static String otherOrgLeadId;
    private static String otherOrgCustomerId;

    @BeforeAll
    static void anOrganizationWithACpsLeadAndItsCustomerSignedIn() {
        app = RunningApp.get();
        world = new ApiWorld(app);
        api = world.api();
        org = world.anOrganization();
        kam = world.aKamSignedIn(org);
        cp = world.aCpSignedIn(org, "MH");
        otherCp = world.aCpSignedIn(org, "MH");
        customerPhone = ApiWorld.aPhone();
        JsonNode lead = aLead(cp.token(), customerPhone);
        leadId = lead.path("id").asText();
        customerId = lead.path("customerId").asText();
        customerToken = world.signInWithCode(customerPhone);
        otherOrg = world.anOrganization();
        ApiWorld.Account otherOrgCp = world.aCpSignedIn(otherOrg, "MH");
        JsonNode otherLead = aLead(otherOrgCp.token(), ApiWorld.aPhone());
        otherOrgLeadId = otherLead.path("id").asText();
        otherOrgCustomerId = otherLead.path("customerId").asText();
    }

    private static JsonNode aLead(String token, String phone) {
        return created(api.post("/v1/leads", Map.of("customerName", "Meera", "customerPhone", phone, "stateCode", "MH",
                "services", List.of(Map.of("type", "SOLAR_ROOFTOP"))), token));
    }

    private static Map<String, Object> leadFile(String lead, String fileName, String contentType, long size) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("leadId", lead);
        body.put("docType", "SITE_PHOTO");
        body.put("fileName", fileName);
        body.put("contentType", contentType);
        body.put("sizeBytes", size);
        return body;
    }

    private static Map<String, Object> kycFile(String customer, String docType, byte[] content) {
        return Map.of("customerId", customer, "docType", docType, "fileName", "scan.pdf", "contentType", "application/pdf",
                "sizeBytes", content.length);
    }

    private static JsonNode linkForLead(String fileName, String contentType, byte[] content) {
        return created(api.post("/v1/leadDocuments", leadFile(leadId, fileName, contentType, content.length), cp.token()));
    }

    /** A raw HTTP PUT of the file to the link, with the headers the API said to send. */
    private static int put(JsonNode link, byte[] content) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(link.path("uploadUrl").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
        link.path("uploadHeaders").fields().forEachRemaining(header -> request.header(header.getKey(), header.getValue().asText()));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Reads the document until the validator has decided, as an app polls after uploading. */
    private static JsonNode awaitDecided(String documentId, String token) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        JsonNode document;
        do {
            ApiClient.Response response = api.get("/v1/documents/" + documentId, token);
            assertThat(response.status()).as(response.text()).isEqualTo(200);
            document = response.json();
            if (!List.of("AWAITING_UPLOAD", "VALIDATING").contains(document.path("status").asText())) {
                return document;
            }
            RunningApp.sleep(200);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("Document " + documentId + " was still " + document.path("status").asText() + " after 60 s");
    }

    private static byte[] download(String documentId, String token) throws Exception {
        ApiClient.Response link = api.get("/v1/documents/" + documentId + "/download", token);
        assertThat(link.status()).as(link.text()).isEqualTo(200);
        HttpResponse<byte[]> file = HTTP.send(HttpRequest.newBuilder(URI.create(link.json().path("url").asText())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(file.statusCode()).isEqualTo(200);
        return file.body();
    }

    static byte[] pdf(String extra) {
        return ("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" + extra + "trailer << /Root 1 0 R >>\n%%EOF\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] png() {
        byte[] png = new byte[300];
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, 0, png, 0, 8);
        return png;
    }

    @Test
    void aFileUploadedWithARawPutTurnsValidOnItsOwnAndDownloadsAsItWasUploaded() throws Exception {
        byte[] file = pdf("% site survey\n");
        JsonNode link = linkForLead("survey.pdf", "application/pdf", file);
        assertThat(link.path("expiresAt").asText()).isNotBlank();
        assertThat(api.get("/v1/documents/" + link.path("documentId").asText(), cp.token()).json().path("status").asText())
                .isEqualTo("AWAITING_UPLOAD");

        assertThat(put(link, file)).isEqualTo(201);
        JsonNode document = awaitDecided(link.path("documentId").asText(), cp.token());

        assertThat(document.path("status").asText()).isEqualTo("VALID");
        assertThat(document.path("leadId").asText()).isEqualTo(leadId);
        assertThat(download(link.path("documentId").asText(), org.adminToken())).isEqualTo(file);
        expectError(api.get("/v1/documents/" + link.path("documentId").asText(), kam), 404, "NOT_FOUND");
        JsonNode listed = api.get("/v1/leads/" + leadId + "/documents", cp.token()).json();
        assertThat(listed.path("items").findValuesAsText("id")).contains(link.path("documentId").asText());
    }

    @Test
    void aKycFileUploadedWithTheAzureSdkBlobClientTurnsValidAndIsReviewedWithAnSmsToTheCustomer() throws Exception {
        byte[] file = pdf("% aadhaar\n");
        JsonNode link = created(api.post("/v1/kycDocuments", kycFile(customerId, "AADHAAR", file), customerToken));
        String documentId = link.path("documentId").asText();

        BlobClient blob = new BlobClientBuilder().endpoint(link.path("uploadUrl").asText()).buildClient();
        blob.upload(BinaryData.fromBytes(file));
        assertThat(awaitDecided(documentId, customerToken).path("status").asText()).isEqualTo("VALID");

        ApiClient.Response cpReview = api.patch("/v1/kycDocuments/" + documentId + "/review", Map.of("decision", "APPROVED"), cp.token());
        expectError(cpReview, 403, "FORBIDDEN");
        ApiClient.Response reviewed = api.patch("/v1/kycDocuments/" + documentId + "/review", Map.of("decision", "APPROVED"), org.adminToken());
        assertThat(reviewed.status()).as(reviewed.text()).isEqualTo(200);
        assertThat(reviewed.json().path("status").asText()).isEqualTo("APPROVED");
        JsonNode sms = app.awaitMessage(customerPhone, message -> message.path("body").asText().contains("AADHAAR document has been approved"));
        assertThat(sms.path("channel").asText()).isEqualTo("SMS");
        expectError(api.patch("/v1/kycDocuments/" + documentId + "/review", Map.of("decision", "REJECTED", "reason", "Late"), org.adminToken()),
                409, "ALREADY_REVIEWED");
        assertThat(download(documentId, customerToken)).isEqualTo(file);
        JsonNode kycList = api.get("/v1/customers/" + customerId + "/kycDocuments", cp.token()).json();
        assertThat(kycList.path("items").findValuesAsText("id")).contains(documentId);
    }

    @Test
    void badFilesTurnInvalidOnTheirOwnWithTheirReason() throws Exception {
        byte[] executable = ("MZ\u0090\u0000This program cannot be run in DOS mode." + " ".repeat(200)).getBytes(StandardCharsets.ISO_8859_1);
        Map<String, byte[]> declaredPdf = new LinkedHashMap<>();
        declaredPdf.put("TYPE_MISMATCH", png());
        declaredPdf.put("UNSUPPORTED_CONTENT", executable);
        declaredPdf.put("ACTIVE_CONTENT", pdf("2 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n"));
        for (Map.Entry<String, byte[]> bad : declaredPdf.entrySet()) {
            JsonNode link = linkForLead("scan.pdf", "application/pdf", bad.getValue());
            assertThat(put(link, bad.getValue())).isEqualTo(201);
            JsonNode document = awaitDecided(link.path("documentId").asText(), cp.token());
            assertThat(document.path("status").asText()).as(bad.getKey()).isEqualTo("INVALID");
            assertThat(document.path("invalidReason").asText()).isEqualTo(bad.getKey());
            expectError(api.get("/v1/documents/" + link.path("documentId").asText() + "/download", cp.token()), 409, "DOCUMENT_NOT_AVAILABLE");
        }
        JsonNode empty = created(api.post("/v1/leadDocuments", leadFile(leadId, "empty.pdf", "application/pdf", 10), cp.token()));
        assertThat(put(empty, new byte[0])).isEqualTo(201);
        assertThat(awaitDecided(empty.path("documentId").asText(), cp.token()).path("invalidReason").asText()).isEqualTo("EMPTY_FILE");
        // A content type that lies: declared JPEG, the bytes are a PNG.
        JsonNode lying = linkForLead("photo.jpg", "image/jpeg", png());
        assertThat(put(lying, png())).isEqualTo(201);
        assertThat(awaitDecided(lying.path("documentId").asText(), cp.token()).path("invalidReason").asText()).isEqualTo("TYPE_MISMATCH");
    }

    @Test
    void aSecondUploadThroughTheSameLinkAfterValidationReplacesNothing() throws Exception {
        byte[] file = pdf("% first\n");
        JsonNode link = linkForLead("first.pdf", "application/pdf", file);
        assertThat(put(link, file)).isEqualTo(201);
        String documentId = link.path("documentId").asText();
        assertThat(awaitDecided(documentId, cp.token()).path("status").asText()).isEqualTo("VALID");

        byte[] other = pdf("% second\n");
        assertThat(put(link, other)).isEqualTo(201);
        RunningApp.sleep(3000);

        assertThat(api.get("/v1/documents/" + documentId, cp.token()).json().path("status").asText()).isEqualTo("VALID");
        assertThat(download(documentId, cp.token())).isEqualTo(file);
    }

    @Test
    void anAdminDeletesADocumentWithAReasonAndNoDownloadLinkIsGivenAfterwards() throws Exception {
        byte[] file = pdf("% to delete\n");
        JsonNode link = linkForLead("old.pdf", "application/pdf", file);
        assertThat(put(link, file)).isEqualTo(201);
        String documentId = link.path("documentId").asText();
        awaitDecided(documentId, cp.token());

        expectError(api.send("DELETE", "/v1/documents/" + documentId, Map.of("reason", "x"), kam, Map.of()), 403, "FORBIDDEN");
        expectError(api.send("DELETE", "/v1/documents/" + documentId, Map.of(), org.adminToken(), Map.of()), 400, "VALIDATION_FAILED");
        ApiClient.Response deleted = api.send("DELETE", "/v1/documents/" + documentId, Map.of("reason", "Uploaded to the wrong lead"),
                org.adminToken(), Map.of());
        assertThat(deleted.status()).as(deleted.text()).isEqualTo(204);

        expectError(api.get("/v1/documents/" + documentId + "/download", org.adminToken()), 404, "NOT_FOUND");
        expectError(api.get("/v1/documents/" + documentId, org.adminToken()), 404, "NOT_FOUND");
    }

    @Test
    void declarationsTheContractRefusesAnswer400Or409() {
        expectError(api.post("/v1/leadDocuments", leadFile(leadId, "big.pdf", "application/pdf", 10L * 1024 * 1024 + 1), cp.token()),
                409, "FILE_TOO_LARGE");
        expectError(api.post("/v1/leadDocuments", leadFile(leadId, "run.exe", "application/x-msdownload", 100), cp.token()),
                409, "UNSUPPORTED_TYPE");
        for (String name : List.of("../../etc/passwd", "C:\\Users\\me\\scan.pdf", "x".repeat(1000))) {
            ApiClient.Response refused = api.post("/v1/leadDocuments", leadFile(leadId, name, "application/pdf", 100), cp.token());
            expectError(refused, 400, "VALIDATION_FAILED");
            assertThat(refused.json().at("/error/details").has("fileName")).isTrue();
        }
        ApiClient.Response zero = api.post("/v1/leadDocuments", leadFile(leadId, "zero.pdf", "application/pdf", 0), cp.token());
        expectError(zero, 400, "VALIDATION_FAILED");
        assertThat(zero.json().at("/error/details").has("sizeBytes")).isTrue();
        ApiClient.Response types = api.post("/v1/kycDocuments", Map.of("customerId", 42, "docType", true, "fileName", List.of("a"),
                "contentType", Map.of(), "sizeBytes", "12"), customerToken);
        expectError(types, 400, "VALIDATION_FAILED");
        assertThat(types.json().at("/error/details").size()).isEqualTo(5);
    }

    @Test
    void recordsOfOtherOrganizationsAndOtherCpsLeadsAreNotFound() {
        byte[] file = pdf("");
        expectError(api.post("/v1/leadDocuments", leadFile(otherOrgLeadId, "a.pdf", "application/pdf", file.length), cp.token()), 404, "NOT_FOUND");
        expectError(api.post("/v1/leadDocuments", leadFile(otherOrgLeadId, "a.pdf", "application/pdf", file.length), org.adminToken()),
                404, "NOT_FOUND");
        expectError(api.post("/v1/leadDocuments", leadFile(leadId, "a.pdf", "application/pdf", file.length), otherCp.token()), 404, "NOT_FOUND");
        expectError(api.post("/v1/kycDocuments", kycFile(otherOrgCustomerId, "PAN", file), org.adminToken()), 404, "NOT_FOUND");
        expectError(api.post("/v1/kycDocuments", kycFile(customerId, "PAN", file), otherCp.token()), 404, "NOT_FOUND");
        expectError(api.post("/v1/leadDocuments", leadFile(leadId, "a.pdf", "application/pdf", file.length), customerToken), 403, "FORBIDDEN");

        String documentId = linkForLead("mine.pdf", "application/pdf", file).path("documentId").asText();
        expectError(api.get("/v1/documents/" + documentId, otherCp.token()), 404, "NOT_FOUND");
        expectError(api.get("/v1/documents/" + documentId, otherOrg.adminToken()), 404, "NOT_FOUND");
        expectError(api.get("/v1/leads/" + leadId + "/documents", otherCp.token()), 404, "NOT_FOUND");
        expectError(api.get("/v1/customers/" + customerId + "/kycDocuments", otherOrg.adminToken()), 404, "NOT_FOUND");
        for (String id : List.of("not-a-uuid", "%00", "1-1-1-1-1x")) {
            assertThat(api.get("/v1/documents/" + id, cp.token()).status()).as(id).isBetween(400, 404);
        }
        expectError(api.get("/v1/documents/" + documentId, null), 401, "MISSING_TOKEN");
    }

    @Test
    void twentyRequestsAtOnceForAFreshLeadGiveExactlySevenLinks() throws Exception {
        String fresh = aLead(cp.token(), ApiWorld.aPhone()).path("id").asText();
        byte[] file = pdf("");
        ExecutorService clients = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ApiClient.Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                answers.add(clients.submit(() -> {
                    start.await();
                    return api.post("/v1/leadDocuments", leadFile(fresh, "photo-" + System.nanoTime() + ".pdf", "application/pdf", file.length),
                            cp.token());
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<ApiClient.Response> answer : answers) {
                ApiClient.Response response = answer.get();
                statuses.add(response.status());
                if (response.status() == 409) {
                    assertThat(response.errorCode()).isEqualTo("MAX_DOCUMENTS");
                }
            }
            assertThat(statuses).filteredOn(status -> status == 201).hasSize(7);
            assertThat(statuses).filteredOn(status -> status == 409).hasSize(13);
        } finally {
            clients.shutdownNow();
        }
        assertThat(api.get("/v1/leads/" + fresh + "/documents", cp.token()).json().path("items").size()).isEqualTo(7);
    }

    @Test
    void theMalwareScanWebhookDoesNotExistWhileScanningIsOff() {
        expectError(api.send("POST", "/v1/webhooks/malwareScanResults?key=anything", "[]", null, Map.of()), 404, "NOT_FOUND");
    }
}
