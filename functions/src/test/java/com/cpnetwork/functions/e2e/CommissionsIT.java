package com.cpnetwork.functions.e2e;

import static com.cpnetwork.functions.e2e.ApiWorld.created;
import static com.cpnetwork.functions.e2e.ApiWorld.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Commissions and "Audit, reports, operations" sections of the contract over HTTP: a lead executed on its
 * accepted quotation earns its CP a commission, approved, paid and listed in the payout file; the audit trail is read
 * and exported; the pipeline summary is scoped by role.
 */
class CommissionsIT {

    private static ApiWorld world;
    private static ApiClient api;
    private static ApiWorld.Org org;
    private static ApiWorld.Account cp;
    private static String kam;
    private static String commissionId;
    private static String leadId;

    @BeforeAll
    static void aLeadExecutedOnAnAcceptedQuotation() {
        world = new ApiWorld(RunningApp.get());
        api = world.api();
        org = world.anOrganization();
        assertThat(api.patch("/v1/organizations/current", Map.of("stateCode", "MH"), org.adminToken()).status()).isEqualTo(200);
        kam = world.aKamSignedIn(org);
        cp = world.aCpSignedIn(org, "MH");
        String customerPhone = ApiWorld.aPhone();
        leadId = created(api.post("/v1/leads", Map.of("customerName", "Meera", "customerPhone", customerPhone, "stateCode", "MH",
                "services", List.of(Map.of("type", "SOLAR_ROOFTOP"))), cp.token())).path("id").asText();
        String quotation = created(api.post("/v1/quotations", Map.of("leadId", leadId, "systemPrice", "200000", "marginPercent", "7.5",
                "status", "FINAL"), cp.token())).path("id").asText();
        assertThat(api.patch("/v1/quotations/" + quotation + "/share", null, cp.token()).status()).isEqualTo(200);
        String customer = world.signInWithCode(customerPhone);
        assertThat(api.patch("/v1/quotations/" + quotation + "/accept", null, customer).status()).isEqualTo(200);
        expectError(api.patch("/v1/leads/" + leadId, Map.of("status", "EXECUTED"), cp.token()), 409, "TRANSITION_NOT_ALLOWED");
        assertThat(api.patch("/v1/leads/" + leadId, Map.of("status", "WON"), cp.token()).status()).isEqualTo(200);
        assertThat(api.patch("/v1/leads/" + leadId, Map.of("status", "EXECUTED"), cp.token()).status()).isEqualTo(200);
        JsonNode page = api.get("/v1/commissions?leadId=" + leadId, cp.token()).json();
        assertThat(page.path("items")).hasSize(1);
        commissionId = page.path("items").get(0).path("id").asText();
    }

    @Test
    void theCommissionIsApprovedPaidAndListedForPayoutOnlyWhileApproved() throws Exception {
        JsonNode commission = api.get("/v1/commissions/" + commissionId, cp.token()).json();
        assertThat(commission.path("amount").asText()).isEqualTo("15000.00");
        assertThat(commission.path("status").asText()).isEqualTo("PENDING");
        assertThat(commission.path("history")).hasSize(1);
        expectError(api.patch("/v1/commissions/" + commissionId + "/approve", null, cp.token()), 403, "FORBIDDEN");
        expectError(api.patch("/v1/commissions/" + commissionId + "/markPaid", Map.of("utr", "UTR123456789012", "paidOn",
                today().toString()), org.adminToken()), 409, "NOT_APPROVED");

        assertThat(api.patch("/v1/commissions/" + commissionId + "/approve", null, org.adminToken()).json().path("status").asText())
                .isEqualTo("APPROVED");
        ApiClient.Response csv = api.get("/v1/commissions/payouts.csv", org.adminToken());
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.text()).contains(commissionId + "," + leadId + ",15000.00," + commissionId);
        expectError(api.get("/v1/commissions/payouts.csv", kam), 403, "FORBIDDEN");

        expectError(api.patch("/v1/commissions/" + commissionId + "/markPaid", Map.of("utr", "UTR 1234 5678", "paidOn",
                today().plusDays(2).toString()), org.adminToken()), 400, "VALIDATION_FAILED");
        JsonNode paid = api.patch("/v1/commissions/" + commissionId + "/markPaid", Map.of("utr", "utr123456789012", "paidOn",
                today().toString()), org.adminToken()).json();
        assertThat(paid.path("status").asText()).isEqualTo("PAID");
        assertThat(paid.path("utr").asText()).isEqualTo("UTR123456789012");
        assertThat(api.get("/v1/commissions/payouts.csv", org.adminToken()).text()).doesNotContain(commissionId);
        expectError(api.patch("/v1/commissions/" + commissionId, Map.of("amount", 1, "reason", "typo"), org.adminToken()), 409,
                "COMMISSION_LOCKED");
        JsonNode sms = RunningApp.get().awaitMessage(cp.phone(), message -> message.path("body").asText().contains("bank reference"));
        assertThat(sms.path("body").asText()).contains(commissionId).contains("UTR123456789012");
    }

    @Test
    void otherPeopleDoNotSeeTheCommission() {
        ApiWorld.Account otherCp = world.aCpSignedIn(org, "MH");
        ApiWorld.Org stranger = world.anOrganization();

        expectError(api.get("/v1/commissions/" + commissionId, otherCp.token()), 404, "NOT_FOUND");
        assertThat(api.get("/v1/commissions", otherCp.token()).json().path("items")).isEmpty();
        expectError(api.get("/v1/commissions/" + commissionId, stranger.adminToken()), 404, "NOT_FOUND");
        expectError(api.get("/v1/commissions?status=SETTLED", cp.token()), 400, "VALIDATION_FAILED");
    }

    @Test
    void theAuditTrailIsReadAndExportedByAdminsOnly() throws Exception {
        JsonNode entries = api.get("/v1/audit?entityType=LEAD&entityId=" + leadId, org.adminToken()).json().path("items");
        assertThat(entries.findValuesAsText("action")).contains("LEAD_CREATED", "LEAD_UPDATED");
        assertThat(entries.get(0).path("requestId").asText()).isNotBlank();
        expectError(api.get("/v1/audit", kam), 403, "FORBIDDEN");
        expectError(api.get("/v1/audit/export?from=" + today() + "&to=" + today().minusDays(3), org.adminToken()), 400, "VALIDATION_FAILED");
        expectError(api.get("/v1/audit/export?from=" + today().minusDays(400) + "&to=" + today(), org.adminToken()), 400, "VALIDATION_FAILED");
        expectError(api.get("/v1/audit/export?from=" + today(), org.adminToken()), 400, "VALIDATION_FAILED");
        expectError(api.get("/v1/audit/export?from=" + today() + "&to=" + today(), kam), 403, "FORBIDDEN");

        ApiClient.Response export = api.get("/v1/audit/export?from=" + today() + "&to=" + today(), org.adminToken());

        assertThat(export.status()).isEqualTo(303);
        HttpResponse<String> csv = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build().send(
                HttpRequest.newBuilder(URI.create(export.header("Location"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body()).startsWith("at,actorId,action,entityType,entityId,oldValue,newValue,requestId\r\n").contains(leadId)
                .contains("COMMISSION_CREATED");
        assertThat(csv.body().lines().count() - 1).isEqualTo(export.json().path("rows").asLong());
    }

    @Test
    void theSummaryIsScopedByRole() {
        JsonNode admin = api.get("/v1/reports/summary?from=" + today() + "&to=" + today(), org.adminToken()).json();
        JsonNode mine = api.get("/v1/reports/summary", cp.token()).json();

        assertThat(admin.path("leadsByStatus").path("EXECUTED").asInt()).isEqualTo(1);
        assertThat(admin.path("leadsConverted").asInt()).isEqualTo(1);
        assertThat(admin.path("perCp")).isNotEmpty();
        assertThat(mine.path("leadsCreated").asInt()).isEqualTo(1);
        assertThat(mine.path("perCp").isNull()).isTrue();
        ApiWorld.Account customer = world.aCustomerSignedIn(org);
        expectError(api.get("/v1/reports/summary", customer.token()), 403, "FORBIDDEN");
        expectError(api.get("/v1/reports/summary?from=someday", org.adminToken()), 400, "VALIDATION_FAILED");
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }
}
