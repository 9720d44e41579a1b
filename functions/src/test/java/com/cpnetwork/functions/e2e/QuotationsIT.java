package com.cpnetwork.functions.e2e;

import static com.cpnetwork.functions.e2e.ApiWorld.created;
import static com.cpnetwork.functions.e2e.ApiWorld.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import com.cpnetwork.testing.AllAtOnce;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Quotations section of the contract over HTTP against the packaged app: the proposal made by the real queue
 * consumer and stored in Azurite, the customer's acceptance with its evidence, and every refusal in the envelope.
 */
class QuotationsIT {

    private static ApiWorld world;
    private static ApiClient api;
    private static ApiWorld.Org org;
    private static ApiWorld.Account cp;

    @BeforeAll
    static void anOrganizationRegisteredInMaharashtra() {
        world = new ApiWorld(RunningApp.get());
        api = world.api();
        org = world.anOrganization();
        ApiClient.Response profile = api.patch("/v1/organizations/current", Map.of("legalName", "Sunrise Solar Pvt Ltd",
                "gstin", "27AAPFU0939F1ZV", "stateCode", "MH", "address", "Plot 12, MIDC, Mumbai", "quotationValidityDays", 15),
                org.adminToken());
        assertThat(profile.status()).as(profile.text()).isEqualTo(200);
        assertThat(profile.json().path("gstin").asText()).isEqualTo("27AAPFU0939F1ZV");
        cp = world.aCpSignedIn(org, "MH");
    }

    @Test
    void aFinalQuotationsProposalIsRenderedByTheQueueAndTheCustomerAcceptsIt() throws Exception {
        String customerPhone = ApiWorld.aPhone();
        String leadId = aLead(customerPhone);
        JsonNode quotation = created(api.post("/v1/quotations", Map.of("leadId", leadId, "systemPrice", "165000", "marginPercent", 12.5,
                "status", "FINAL", "lineItems", List.of(
                        Map.of("description", "Solar module 540 Wp", "quantity", 10, "unitPrice", "12000", "hsnSac", "85414011", "gstRatePercent", 5),
                        Map.of("description", "Inverter 5 kW", "quantity", 1, "unitPrice", 45000, "gstRatePercent", 18)),
                "totals", Map.of("grandTotal", "1.00")), cp.token()));
        String id = quotation.path("id").asText();
        assertThat(quotation.path("version").asInt()).isEqualTo(1);
        assertThat(quotation.path("totals").path("grandTotal").asText()).isEqualTo("179100.00");
        assertThat(quotation.path("totals").path("cgst").asText()).isEqualTo("7050.00");
        assertThat(quotation.path("validUntil").asText()).isEqualTo(java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(15).toString());

        JsonNode link = awaitProposal(id, cp.token());
        byte[] pdf = download(link.path("url").asText());
        assertThat(Instant.parse(link.path("expiresAt").asText())).isBefore(Instant.now().plus(Duration.ofMinutes(16)));
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains(id).contains("Sunrise Solar Pvt Ltd").contains("₹ 1,79,100.00").contains(quotation.path("contentSha256").asText());
        }

        JsonNode shared = api.patch("/v1/quotations/" + id + "/share", null, cp.token()).json();
        assertThat(shared.path("status").asText()).isEqualTo("SHARED");
        JsonNode sms = RunningApp.get().awaitMessage(customerPhone, message -> message.path("body").asText().contains(id));
        assertThat(sms.path("body").asText()).contains("https://console.example.com/quotations/" + id);

        String customer = world.signInWithCode(customerPhone);
        JsonNode seen = api.get("/v1/quotations/" + id, customer).json();
        assertThat(seen.has("marginPercent")).isFalse();
        ApiClient.Response accepted = api.send("PATCH", "/v1/quotations/" + id + "/accept", null, customer,
                Map.of("User-Agent", "CustomerApp/2.3 (Android 14)"));
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
        assertThat(accepted.json().path("status").asText()).isEqualTo("ACCEPTED");

        JsonNode evidence = api.get("/v1/quotations/" + id + "/acceptance", org.adminToken()).json();
        assertThat(evidence.path("version").asInt()).isEqualTo(1);
        assertThat(evidence.path("contentSha256").asText()).isEqualTo(quotation.path("contentSha256").asText());
        assertThat(evidence.path("pdfSha256").asText()).isEqualTo(sha256(pdf));
        assertThat(evidence.path("userAgent").asText()).isEqualTo("CustomerApp/2.3 (Android 14)");
        assertThat(evidence.path("clientIp").asText()).isNotBlank();
        assertThat(api.get("/v1/leads/" + leadId, cp.token()).json().path("status").asText()).isEqualTo("CUSTOMER_ACCEPTED");
        expectError(api.patch("/v1/quotations/" + id + "/accept", null, customer), 409, "ALREADY_ACCEPTED");
        expectError(api.patch("/v1/quotations/" + id + "/reject", Map.of("reason", "changed my mind"), customer), 409, "ALREADY_ACCEPTED");
    }

    @Test
    void everyRefusalOfTheContractAnswersInTheEnvelope() {
        String leadId = aLead(ApiWorld.aPhone());
        Map<String, Object> draft = Map.of("leadId", leadId, "systemPrice", 100000, "marginPercent", 10, "status", "DRAFT");

        expectError(api.post("/v1/quotations", draft, cp.token()), 400, "VALIDATION_FAILED");
        expectError(api.post("/v1/quotations", Map.of("leadId", leadId, "systemPrice", 100000, "marginPercent", 100, "status", "FINAL"),
                cp.token()), 400, "VALIDATION_FAILED");
        expectError(api.post("/v1/quotations", Map.of("leadId", leadId, "systemPrice", -1, "marginPercent", 0, "status", "FINAL",
                "lineItems", List.of(Map.of("description", "x", "quantity", 1, "unitPrice", 1, "gstRatePercent", 7))), cp.token()), 400,
                "VALIDATION_FAILED");
        expectError(api.post("/v1/quotations", draft, null), 401, "MISSING_TOKEN");
        ApiWorld.Account otherCp = world.aCpSignedIn(org, "MH");
        expectError(api.post("/v1/quotations", Map.of("leadId", leadId, "systemPrice", 100000, "marginPercent", 10, "status", "FINAL"),
                otherCp.token()), 404, "NOT_FOUND");

        JsonNode kamDraft = created(api.post("/v1/quotations", draft, org.adminToken()));
        String id = kamDraft.path("id").asText();
        expectError(api.patch("/v1/quotations/" + id + "/share", null, org.adminToken()), 409, "NOT_FINAL");
        expectError(api.get("/v1/quotations/" + id + "/pdf", org.adminToken()), 409, "NOT_FINAL");
        JsonNode finalized = api.patch("/v1/quotations/" + id, Map.of("status", "FINAL"), org.adminToken()).json();
        assertThat(finalized.path("version").asInt()).isEqualTo(1);
        expectError(api.patch("/v1/quotations/" + id, Map.of("systemPrice", 90000), org.adminToken()), 409, "QUOTATION_LOCKED");
        JsonNode second = api.patch("/v1/quotations/" + id, Map.of("systemPrice", 90000, "override", true, "overrideReason", "Discount agreed"),
                org.adminToken()).json();
        assertThat(second.path("version").asInt()).isEqualTo(2);
        JsonNode versions = api.get("/v1/quotations/" + id + "/versions", org.adminToken()).json().path("items");
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).path("contentSha256").asText()).isNotEqualTo(versions.get(1).path("contentSha256").asText());
        expectError(api.patch("/v1/quotations/" + id + "/accept", null, org.adminToken()), 403, "FORBIDDEN");
        expectError(api.patch("/v1/quotations/" + id + "/accept", Map.of("override", true, "overrideReason", "paper copy"), org.adminToken()),
                409, "NOT_SHARED");
        expectError(api.get("/v1/quotations/" + id + "/acceptance", org.adminToken()), 404, "NOT_FOUND");
        expectError(api.get("/v1/quotations/QUOTE-" + "9".repeat(30), org.adminToken()), 404, "NOT_FOUND");
        expectError(api.patch("/v1/quotations/" + id, "{\"systemPrice\": \"12.345\"}", org.adminToken()), 400, "VALIDATION_FAILED");
        expectError(api.patch("/v1/quotations/" + id + "/share", "{\"offline\": true}", org.adminToken()), 400, "OFFLINE_WRITE_REJECTED");

        ApiWorld.Org stranger = world.anOrganization();
        expectError(api.get("/v1/quotations/" + id, stranger.adminToken()), 404, "NOT_FOUND");
    }

    @Test
    void twentyConcurrentAcceptsOverHttpLetExactlyOneWin() throws Exception {
        String customerPhone = ApiWorld.aPhone();
        String leadId = aLead(customerPhone);
        String id = created(api.post("/v1/quotations", Map.of("leadId", leadId, "systemPrice", 250000, "marginPercent", 8, "status", "FINAL"),
                cp.token())).path("id").asText();
        assertThat(api.patch("/v1/quotations/" + id + "/share", null, cp.token()).status()).isEqualTo(200);
        String customer = world.signInWithCode(customerPhone);

        List<ApiClient.Response> answers = AllAtOnce.answers(20, () -> api.patch("/v1/quotations/" + id + "/accept", null, customer));

        List<Integer> statuses = answers.stream().map(ApiClient.Response::status).toList();
        assertThat(answers).filteredOn(answer -> answer.status() == 409)
                .allSatisfy(refused -> assertThat(refused.errorCode()).isEqualTo("ALREADY_ACCEPTED"));
        assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
        assertThat(statuses).filteredOn(status -> status == 409).hasSize(19);
    }

    private static String aLead(String customerPhone) {
        return created(api.post("/v1/leads", Map.of("customerName", "राजेश कुमार शर्मा", "customerPhone", customerPhone, "stateCode", "MH",
                "address", "Flat 4, Pune", "services", List.of(Map.of("type", "SOLAR_ROOFTOP"))), cp.token())).path("id").asText();
    }

    /** Asks for the proposal until it is READY, as the app would (202 while PENDING). */
    private static JsonNode awaitProposal(String id, String token) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            ApiClient.Response response = api.get("/v1/quotations/" + id + "/pdf", token);
            if (response.status() == 200) {
                return response.json();
            }
            assertThat(response.status()).as(response.text()).isEqualTo(202);
            RunningApp.sleep(200);
        }
        throw new AssertionError("The proposal of " + id + " was not READY within 30 s");
    }

    private static byte[] download(String url) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        return response.body();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
