package com.cpnetwork.functions.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.cpnetwork.platform.errors.Conflict;
import com.cpnetwork.platform.errors.RateLimited;
import com.cpnetwork.platform.errors.Unavailable;
import com.cpnetwork.platform.json.Json;
import com.cpnetwork.platform.FieldChecks;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpResponseMessage;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ApiTest {

    record Sample(String name, Integer count, LocalDate day, UUID id) {
        Sample {
            new FieldChecks().required("name", name).verify();
        }
    }

    private static HttpResponseMessage call(FakeRequest request, Endpoint endpoint) {
        return Api.handle(request, FakeRequest.context(), endpoint);
    }

    private static JsonNode json(HttpResponseMessage response) throws Exception {
        return Json.MAPPER.readTree((String) response.getBody());
    }

    @Test
    void echoesAWellFormedRequestIdAndGeneratesOneOtherwise() {
        HttpResponseMessage echoed = call(FakeRequest.get("/x").header("X-Request-Id", "client-42"), r -> Reply.ok(Map.of()));
        HttpResponseMessage forged = call(FakeRequest.get("/x").header("x-request-id", "bad\nid injected"), r -> Reply.ok(Map.of()));
        HttpResponseMessage missing = call(FakeRequest.get("/x"), r -> Reply.ok(Map.of()));

        assertThat(echoed.getHeader("X-Request-Id")).isEqualTo("client-42");
        assertThat(forged.getHeader("X-Request-Id")).doesNotContain("injected").hasSize(36);
        assertThat(missing.getHeader("X-Request-Id")).hasSize(36);
    }

    @Test
    void bodyOverOneMebibyteIsRefusedWith413BeforeTheEndpointRuns() throws Exception {
        String big = "{\"a\":\"" + "x".repeat(Api.MAX_BODY_BYTES) + "\"}";
        boolean[] ran = {false};

        HttpResponseMessage response = call(FakeRequest.post("/x", big), r -> {
            ran[0] = true;
            return Reply.ok(Map.of());
        });

        assertThat(response.getStatusCode()).isEqualTo(413);
        assertThat(json(response).at("/error/code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(ran[0]).isFalse();
    }

    @Test
    void domainRefusalBecomesTheEnvelopeWithTheRequestId() throws Exception {
        HttpResponseMessage response = call(FakeRequest.post("/x", "{}").header("X-Request-Id", "r-1"),
                r -> { throw new Conflict("LEAD_LOCKED", "The lead is locked"); });

        assertThat(response.getStatusCode()).isEqualTo(409);
        JsonNode error = json(response).path("error");
        assertThat(error.path("code").asText()).isEqualTo("LEAD_LOCKED");
        assertThat(error.path("message").asText()).isEqualTo("The lead is locked");
        assertThat(error.path("details").isObject()).isTrue();
        assertThat(error.path("requestId").asText()).isEqualTo("r-1");
    }

    @Test
    void rateLimitAndUnavailableTellTheClientWhenToRetry() {
        HttpResponseMessage limited = call(FakeRequest.get("/x"), r -> { throw new RateLimited(Duration.ofSeconds(42)); });
        HttpResponseMessage down = call(FakeRequest.get("/x"), r -> { throw new Unavailable("database", null); });

        assertThat(limited.getStatusCode()).isEqualTo(429);
        assertThat(limited.getHeader("Retry-After")).isEqualTo("42");
        assertThat(down.getStatusCode()).isEqualTo(503);
        assertThat(down.getHeader("Retry-After")).isNotBlank();
    }

    @Test
    void unexpectedErrorIsA500EnvelopeWithoutInternals() throws Exception {
        HttpResponseMessage response = call(FakeRequest.get("/x"), r -> { throw new IllegalStateException("secret internal detail"); });

        assertThat(response.getStatusCode()).isEqualTo(500);
        String body = (String) response.getBody();
        assertThat(json(response).at("/error/code").asText()).isEqualTo("INTERNAL_ERROR");
        assertThat(body).doesNotContain("secret internal detail").doesNotContain("IllegalStateException").doesNotContain("at com.");
    }

    @Test
    void malformedJsonIsA400() throws Exception {
        HttpResponseMessage response = call(FakeRequest.post("/x", "{\"name\": "), r -> Reply.ok(r.body(Sample.class)));

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).at("/error/code").asText()).isEqualTo("MALFORMED_JSON");
    }

    @Test
    void wrongTypesAndMissingFieldsAreNamed() throws Exception {
        HttpResponseMessage wrongNumber = call(FakeRequest.post("/x", "{\"name\":\"a\",\"count\":\"many\"}"), r -> Reply.ok(r.body(Sample.class)));
        HttpResponseMessage wrongDate = call(FakeRequest.post("/x", "{\"name\":\"a\",\"day\":\"21/11/2026\"}"), r -> Reply.ok(r.body(Sample.class)));
        HttpResponseMessage missing = call(FakeRequest.post("/x", "{\"count\":1}"), r -> Reply.ok(r.body(Sample.class)));

        assertThat(json(wrongNumber).at("/error/details/count").asText()).isEqualTo("must be a number");
        assertThat(json(wrongDate).at("/error/details/day").asText()).isEqualTo("must be a date YYYY-MM-DD");
        assertThat(missing.getStatusCode()).isEqualTo(400);
        assertThat(json(missing).at("/error/details/name").asText()).isEqualTo("is required");
    }

    @Test
    void writesMadeOfflineAreRefused() throws Exception {
        HttpResponseMessage response = call(FakeRequest.post("/x", "{\"name\":\"a\",\"offline\":true}"), r -> Reply.ok(r.body(Sample.class)));

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).at("/error/code").asText()).isEqualTo("OFFLINE_WRITE_REJECTED");
    }

    @Test
    void jsonRepliesAreNotCachedAndCarryTheirContentType() {
        HttpResponseMessage response = call(FakeRequest.get("/x"), r -> Reply.ok(Map.of("a", 1)));

        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(response.getHeader("Content-Type")).startsWith("application/json");
        assertThat(response.getBody()).isEqualTo("{\"a\":1}");
    }

    @Test
    void clientAddressIsTheLastForwardedHopWithoutItsPort() {
        String[] seen = new String[3];
        call(FakeRequest.get("/x").header("X-Forwarded-For", "6.6.6.6, 203.0.113.7:51234"), r -> { seen[0] = r.clientAddress(); return Reply.noContent(); });
        call(FakeRequest.get("/x").header("X-Forwarded-For", "[2001:db8::1]:443"), r -> { seen[1] = r.clientAddress(); return Reply.noContent(); });
        call(FakeRequest.get("/x"), r -> { seen[2] = r.clientAddress(); return Reply.noContent(); });

        assertThat(seen).containsExactly("203.0.113.7", "2001:db8::1", "unknown");
    }

    @Test
    void aQueryValueWithControlCharactersIsRefusedNamingIt() throws Exception {
        HttpResponseMessage response = call(FakeRequest.get("/x").query("q", "a\u0000b").query("limit", "x"),
                r -> Reply.ok(r.readOptional(fields -> fields.query("q").orElse("none") + fields.page())));

        assertThat(response.getStatusCode()).as((String) response.getBody()).isEqualTo(400);
        assertThat(json(response).at("/error/details").has("q")).isTrue();
        assertThat(json(response).at("/error/details").has("limit")).isTrue();
    }

    @Test
    void anEscapedLoneSurrogateIsRefusedNamingTheField() throws Exception {
        HttpResponseMessage response = call(FakeRequest.post("/x", "{\"name\": \"a\\ud800\", \"other\": \"\\u0000\"}"),
                r -> Reply.ok(r.body(Sample.class)));

        assertThat(response.getStatusCode()).as((String) response.getBody()).isEqualTo(400);
        assertThat(json(response).at("/error/details").has("name")).isTrue();
        assertThat(json(response).at("/error/details").has("other")).isTrue();
    }

    @Test
    void aRecordWithAPrimitiveFlagBindsWhenTheFlagIsAbsent() throws Exception {
        HttpResponseMessage response = call(FakeRequest.post("/x", "{\"status\": \"FINAL\"}"),
                r -> Reply.ok(r.body(com.cpnetwork.quotations.QuotationChanges.class)));

        assertThat(response.getStatusCode()).as((String) response.getBody()).isEqualTo(200);
    }
}
