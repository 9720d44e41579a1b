package com.cpnetwork.functions.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.cpnetwork.platform.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every write endpoint and list filter fed what an attacker or a buggy app sends: NUL and other control characters,
 * broken Unicode, 10,000-character strings, values of the wrong JSON type, dates beyond any calendar, trailing
 * garbage. Each answer is a 4xx in the error envelope naming the field, never a 5xx, and nothing is written.
 */
class HostileInputIT {

    private static final String LONG = "x".repeat(10_000);
    /** What each text field is fed, by what it is; every one of them must be refused with the field named. */
    private static final Map<String, Object> BAD_TEXT = badText();
    private static final List<String> BAD_DATES = List.of("+999999999-01-01", "-999999999-01-01", "2026-13-45", "99999-01-01", "2026-1-1");

    private static ApiWorld world;
    private static ApiClient api;
    private static ApiWorld.Org org;
    private static String cpId;
    private static String cpToken;
    private static String customerToken;
    private static String leadId;
    private static String customerId;
    private static String documentId;

    @BeforeAll
    static void anOrganizationWithALead() {
        world = new ApiWorld(RunningApp.get());
        api = world.api();
        org = world.anOrganization();
        ApiWorld.Account cp = world.aCpSignedIn(org, "MH");
        cpId = cp.id();
        cpToken = cp.token();
        ApiWorld.Account customer = world.aCustomerSignedIn(org);
        customerToken = customer.token();
        customerId = customer.id();
        leadId = ApiWorld.created(api.post("/v1/leads", validLead(), cpToken)).path("id").asText();
        documentId = ApiWorld.created(api.post("/v1/kycDocuments", validKycFile(), customerToken)).path("documentId").asText();
    }

    @Test
    void everyTextFieldOfEveryWriteRefusesHostileTextNamingTheField() throws Exception {
        Map<String, Long> rowsBefore = rowCounts();

        for (Write write : writes()) {
            for (String field : write.textFields()) {
                for (Map.Entry<String, Object> bad : BAD_TEXT.entrySet()) {
                    ObjectNode body = write.body().deepCopy();
                    body.set(field, Json.MAPPER.valueToTree(bad.getValue()));
                    ApiClient.Response response = answer(api.send(write.method(), write.path(), body.toString(), write.token(),
                            write.headers()));
                    assertThat(response.status()).as(write + " " + field + " = " + bad.getKey() + ": " + response.text()).isEqualTo(400);
                    assertThat(response.json().at("/error/details").has(field)).as(write + " " + field + " = " + bad.getKey()
                            + ": " + response.text()).isTrue();
                }
            }
        }

        assertThat(rowCounts()).isEqualTo(rowsBefore);
    }

    @Test
    void datesBeyondTheCalendarAreRefusedInBodiesAndQueries() {
        for (String date : BAD_DATES) {
            ObjectNode lead = validLead();
            lead.put("followUpDate", date);
            expect400Naming(api.post("/v1/leads", lead.toString(), cpToken), "followUpDate");
            expect400Naming(api.patch("/v1/leads/" + leadId, Map.of("followUpDate", date), cpToken), "followUpDate");
            expect400Naming(api.get("/v1/leads?updatedSince=" + encode(date + "T00:00:00Z"), cpToken), "updatedSince");
        }
        expect400Naming(api.get("/v1/leads?updatedSince=" + encode("+999999999-01-01T00:00:00Z"), cpToken), "updatedSince");
    }

    @Test
    void wholeBodiesThatAreNotOneJsonObjectAreRefused() {
        List<String> bodies = List.of("{\"customerName\": \"Asha\"} trailing", "{} {}", "{\"a\": 1}]", "[]", "\"text\"", "42", "null",
                "{\"customerName\": \"a\", \"customerName\": \"b\"}", "{", "[".repeat(5_000),
                "{\"customerName\": \"\\ud800\"}");
        for (Write write : writes()) {
            for (String body : bodies) {
                ApiClient.Response response = answer(api.send(write.method(), write.path(), body, write.token(), write.headers()));
                assertThat(response.status()).as(write + " " + body.substring(0, Math.min(40, body.length())) + ": " + response.text())
                        .isEqualTo(400);
            }
        }
    }

    @Test
    void hostileQueryValuesAreRefusedNamingTheParameter() {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("q", "a\u0000b");
        queries.put("stateCode", "\u0007MH");
        queries.put("status", "WON\u0000");
        queries.put("cpId", "not-a-uuid");
        queries.put("limit", "-1");
        queries.put("cursor", "\u0000");
        for (Map.Entry<String, String> query : queries.entrySet()) {
            expect400Naming(api.get("/v1/leads?" + query.getKey() + "=" + encode(query.getValue()), cpToken), query.getKey());
        }
        expect400Naming(api.get("/v1/users?role=" + encode("ADMIN\u0000"), org.adminToken()), "role");
        expect400Naming(api.get("/v1/users?q=" + encode("\u0000"), org.adminToken()), "q");
        assertThat(api.get("/v1/leads?q=" + encode(LONG.substring(0, 2_000)), cpToken).status()).isEqualTo(200);
    }

    @Test
    void hostileLeadIdsInThePathAreNotFound() {
        for (String id : List.of("LEAD-99999999999999999999999", "LEAD-" + "9".repeat(3_000), "%F0%9F%92%A9", "lead-1000")) {
            ApiClient.Response response = answer(api.get("/v1/leads/" + id, cpToken));
            assertThat(response.status()).as(id + ": " + response.text()).isEqualTo(404);
        }
    }

    @Test
    void hostileDocumentAndCustomerIdsInThePathAreNotFound() {
        for (String id : List.of("not-a-uuid", "0" + "f".repeat(3_000), "%F0%9F%92%A9", "1-1-1-1-1", documentId.toUpperCase() + "0")) {
            for (String path : List.of("/v1/documents/" + id, "/v1/documents/" + id + "/download", "/v1/customers/" + id + "/kycDocuments",
                    "/v1/leads/" + id + "/documents")) {
                ApiClient.Response response = answer(api.get(path, org.adminToken()));
                assertThat(response.status()).as(path + ": " + response.text()).isEqualTo(404);
            }
        }
    }

    @Test
    void pathsTheHostRefusesStillAnswerInTheEnvelope() {
        for (String path : List.of("/v1/leads/LEAD-1%2500", "/v1/leads/%00", "/v1/leads/..%2F..%2Fusers", "//v1/leads")) {
            answer(api.get(path, cpToken));
        }
    }

    @Test
    void everyInvalidFieldIsNamedAtOnce() {
        ApiClient.Response lead = answer(api.post("/v1/leads", Map.of("customerName", 42, "customerPhone", "not a phone",
                "stateCode", "Maharashtra", "services", "SOLAR", "followUpDate", "+999999999-01-01", "address", LONG), cpToken));

        expect400Naming(lead, "customerName", "customerPhone", "stateCode", "services", "followUpDate", "address");

        ApiClient.Response change = answer(api.patch("/v1/leads/" + leadId, Map.of("status", "NOWHERE", "remarks", 7,
                "followUpDate", "tomorrow", "override", "yes"), cpToken));
        expect400Naming(change, "status", "remarks", "followUpDate", "override");

        ApiClient.Response user = answer(api.post("/v1/users", Map.of("role", "PILOT", "name", true, "phone", 9812345678L,
                "email", "a\u0000@example.com"), org.adminToken()));
        expect400Naming(user, "role", "name", "phone", "email");
    }

    @Test
    void numbersBeyondAnyRangeAreRefusedNamingTheField() {
        expect400Naming(api.patch("/v1/leads/" + leadId, "{\"remarks\": 1e999999999}", cpToken), "remarks");
        expect400Naming(api.get("/v1/leads?limit=1e10", cpToken), "limit");
        expect400Naming(api.get("/v1/leads?limit=99999999999999999999", cpToken), "limit");
    }

    @Test
    void numbersAndBooleansAreNotTakenForText() {
        ObjectNode lead = validLead();
        lead.put("customerName", 12345);
        lead.put("remarks", true);
        expect400Naming(api.post("/v1/leads", lead.toString(), cpToken), "customerName", "remarks");
        expect400Naming(api.post("/v1/serviceRequests", Map.of("services", List.of(Map.of("type", 1)), "stateCode", "MH"), customerToken),
                "services[0].type");
    }

    /** One write endpoint with a valid body, and the text fields to attack. */
    private record Write(String method, String path, String token, Map<String, String> headers, ObjectNode body, List<String> textFields) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static List<Write> writes() {
        ObjectNode organization = object(Map.of("name", "Org", "adminEmail", ApiWorld.anEmail("x"), "adminName", "A",
                "adminPassword", ApiWorld.PASSWORD));
        Map<String, String> operator = Map.of("X-Operator-Key", RunningApp.OPERATOR_KEY);
        return List.of(
                new Write("POST", "/v1/leads", cpToken, Map.of(), validLead(),
                        List.of("customerName", "customerPhone", "address", "stateCode", "remarks")),
                new Write("PATCH", "/v1/leads/" + leadId, cpToken, Map.of(), object(Map.of("remarks", "ok")), List.of("remarks", "status")),
                new Write("PATCH", "/v1/leads/" + leadId + "/reassign?cpId=" + cpId, org.adminToken(), Map.of(),
                        object(Map.of("override", true, "overrideReason", "why")), List.of("overrideReason")),
                new Write("POST", "/v1/serviceRequests", customerToken, Map.of(),
                        object(Map.of("services", List.of(Map.of("type", "SOLAR_ROOFTOP")), "stateCode", "MH")),
                        List.of("address", "stateCode", "remarks")),
                new Write("POST", "/v1/users", org.adminToken(), Map.of(),
                        object(Map.of("role", "CP", "name", "Ravi", "phone", ApiWorld.aPhone(), "stateCode", "MH")),
                        List.of("name", "phone", "stateCode")),
                new Write("PATCH", "/v1/users/" + cpId, org.adminToken(), Map.of(), object(Map.of("name", "Ravi")), List.of("name", "stateCode")),
                new Write("POST", "/v1/serviceTypes", org.adminToken(), Map.of(), object(Map.of("code", "ROOF_WASH", "name", "Roof wash")),
                        List.of("code", "name")),
                new Write("PATCH", "/v1/organizations/current", org.adminToken(), Map.of(), object(Map.of("name", "Renamed")), List.of("name")),
                new Write("POST", "/v1/organizations", null, operator, organization, List.of("name", "adminEmail", "adminName", "adminPassword")),
                new Write("POST", "/v1/auth/login", null, Map.of(), object(Map.of("phone", ApiWorld.aPhone())), List.of("phone")),
                new Write("POST", "/v1/auth/login", null, Map.of(), object(Map.of("email", org.adminEmail(), "password", "wrong-password-1")),
                        List.of("email", "password")),
                new Write("POST", "/v1/auth/refresh", null, Map.of(), object(Map.of("refreshToken", "abc")), List.of("refreshToken")),
                new Write("POST", "/v1/auth/password-reset/request", null, Map.of(), object(Map.of("email", org.adminEmail())), List.of("email")),
                new Write("POST", "/v1/auth/password-reset/complete", null, Map.of(),
                        object(Map.of("token", "abc", "newPassword", "a-long-enough-password")), List.of("token", "newPassword")),
                new Write("POST", "/v1/kycDocuments", customerToken, Map.of(), validKycFile(),
                        List.of("customerId", "docType", "fileName", "contentType")),
                new Write("POST", "/v1/leadDocuments", cpToken, Map.of(), object(Map.of("leadId", leadId, "docType", "SITE_PHOTO",
                        "fileName", "roof.jpg", "contentType", "image/jpeg", "sizeBytes", 1000)), List.of("leadId", "docType", "fileName", "contentType")),
                new Write("PATCH", "/v1/kycDocuments/" + documentId + "/review", org.adminToken(), Map.of(),
                        object(Map.of("decision", "REJECTED", "reason", "Blurred")), List.of("decision", "reason")),
                new Write("DELETE", "/v1/documents/" + documentId, org.adminToken(), Map.of(), object(Map.of("reason", "Duplicate")),
                        List.of("reason")));
    }

    private static Map<String, Object> badText() {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("NUL", "ab\u0000cd");
        bad.put("bell", "\u0007");
        bad.put("C1", "\u0085x");
        bad.put("10,000 characters", LONG);
        bad.put("number", 42);
        bad.put("boolean", true);
        bad.put("list", List.of("a"));
        bad.put("object", Map.of("a", "b"));
        return bad;
    }

    private static ObjectNode validKycFile() {
        return object(Map.of("customerId", customerId, "docType", "AADHAAR", "fileName", "aadhaar.pdf", "contentType", "application/pdf",
                "sizeBytes", 2048));
    }

    private static ObjectNode validLead() {
        return object(Map.of("customerName", "Meera", "customerPhone", ApiWorld.aPhone(), "stateCode", "MH",
                "services", List.of(Map.of("type", "SOLAR_ROOFTOP"))));
    }

    private static ObjectNode object(Map<String, Object> fields) {
        return Json.MAPPER.valueToTree(fields);
    }

    private static void expect400Naming(ApiClient.Response response, String... fields) {
        answer(response);
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        JsonNode details = response.json().at("/error/details");
        assertThat(fields).as(response.text()).allSatisfy(field -> assertThat(details.has(field)).as(field + " in " + response.text()).isTrue());
    }

    /** Whatever the request, the answer is a client error in the envelope, never a server error. */
    private static ApiClient.Response answer(ApiClient.Response response) {
        assertThat(response.status()).as(response.text()).isBetween(400, 499);
        assertThat(response.json().at("/error/requestId").asText()).as(response.text()).isEqualTo(response.header("X-Request-Id"));
        return response;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** Rows of the organization in every table a refused write could have touched. */
    private static Map<String, Long> rowCounts() throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection connection = RunningApp.get().ownerConnection()) {
            for (String table : List.of("users", "leads", "lead_services", "lead_status_history", "service_types", "audit_log", "outbox",
                    "documents")) {
                try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM " + table + " WHERE org_id = ?::uuid")) {
                    count.setString(1, org.id());
                    try (ResultSet rows = count.executeQuery()) {
                        rows.next();
                        counts.put(table, rows.getLong(1));
                    }
                }
            }
        }
        return counts;
    }
}
