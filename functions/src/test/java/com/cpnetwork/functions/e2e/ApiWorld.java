package com.cpnetwork.functions.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Organizations and signed-in accounts made over HTTP against the running app, the way the operator, an admin and
 * people with phones make them. Every organization, email and phone is new, so test classes never meet.
 */
final class ApiWorld {

    static final String PASSWORD = "correct-horse-battery";
    /** One counter for every test class in this JVM: no phone is handed out twice, so no SMS reaches the wrong test. */
    private static final AtomicLong PHONES = new AtomicLong(9_500_000_000L + (System.nanoTime() % 90_000) * 1_000);

    /** An organization and its first admin, signed in. */
    record Org(String id, String adminEmail, String adminToken) {
    }

    private final RunningApp app;
    private final ApiClient api;

    ApiWorld(RunningApp app) {
        this(app, app.api());
    }

    /** Calls {@code api} (another host of the app, say) and reads the SMS from {@code app}'s local outbox. */
    ApiWorld(RunningApp app, ApiClient api) {
        this.app = app;
        this.api = api;
    }

    ApiClient api() {
        return api;
    }

    Org anOrganization() {
        String email = anEmail("admin");
        JsonNode created = created(api.send("POST", "/v1/organizations",
                Map.of("name", "Org " + UUID.randomUUID(), "adminEmail", email, "adminName", "Asha", "adminPassword", PASSWORD),
                null, Map.of("X-Operator-Key", RunningApp.OPERATOR_KEY)));
        return new Org(created.path("id").asText(), email, signInWithPassword(email));
    }

    /** A user made by the organization's admin; returns the created user. */
    JsonNode aUser(Org org, Map<String, Object> fields) {
        return created(api.post("/v1/users", fields, org.adminToken()));
    }

    /** A KAM of the organization; returns their access token. */
    String aKamSignedIn(Org org) {
        String email = anEmail("kam");
        aUser(org, Map.of("role", "KAM", "name", "Kiran", "email", email, "password", PASSWORD));
        return signInWithPassword(email);
    }

    /** A CP of the organization in {@code stateCode}, with its id and access token. */
    Account aCpSignedIn(Org org, String stateCode) {
        String phone = aPhone();
        String id = aUser(org, Map.of("role", "CP", "name", "Ravi", "phone", phone, "stateCode", stateCode)).path("id").asText();
        return new Account(id, phone, signInWithCode(phone));
    }

    /** A customer of the organization, with its id and access token. */
    Account aCustomerSignedIn(Org org) {
        String phone = aPhone();
        String id = aUser(org, Map.of("role", "CUSTOMER", "name", "Kavya", "phone", phone)).path("id").asText();
        return new Account(id, phone, signInWithCode(phone));
    }

    /** An account and the access token it signed in with. */
    record Account(String id, String phone, String token) {
    }

    String signInWithPassword(String email) {
        return tokensForPassword(email, PASSWORD).path("accessToken").asText();
    }

    JsonNode tokensForPassword(String email, String password) {
        ApiClient.Response response = api.post("/v1/auth/login", Map.of("email", email, "password", password), null);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    /** Asks for a sign-in code and reads it from the SMS in the local outbox, as the person would. */
    String codeSentTo(String phone) {
        assertThat(api.post("/v1/auth/login", Map.of("phone", phone), null).status()).isEqualTo(202);
        JsonNode sms = app.awaitMessage(phone, message -> message.path("channel").asText().equals("SMS")
                && message.path("body").asText().contains("sign-in code"));
        return sms.path("body").asText().replaceAll("\\D*(\\d{6}).*", "$1");
    }

    String signInWithCode(String phone) {
        return tokensForCode(phone).path("accessToken").asText();
    }

    JsonNode tokensForCode(String phone) {
        ApiClient.Response response = api.post("/v1/auth/login", Map.of("phone", phone, "otp", codeSentTo(phone)), null);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    static String aPhone() {
        return "+91" + PHONES.incrementAndGet();
    }

    static String anEmail(String who) {
        return who + "-" + UUID.randomUUID() + "@example.com";
    }

    static JsonNode created(ApiClient.Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.json();
    }

    /** The response is the error envelope with this status and code, and the request id of its header. */
    static void expectError(ApiClient.Response response, int status, String code) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.errorCode()).as(response.text()).isEqualTo(code);
        assertThat(response.json().at("/error/requestId").asText()).isEqualTo(response.header("X-Request-Id"));
    }
}
