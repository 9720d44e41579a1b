package com.cpnetwork.localruntime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests the HTTP server refuses before any function runs are answered in the JSON error envelope. */
class RefusedRequestTest {
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static FunctionsHost host;

    @BeforeAll
    static void start(@TempDir Path temp) {
        host = FunctionsHost.start(TestApp.copyWith(temp.resolve("app"), List.of("Ping"), ping -> { }), 0, Map.of(), TestApp.options());
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    @Test
    void queryOfTenThousandCharactersIs414InTheEnvelope() throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(
                URI.create(host.baseUrl() + "/api/ping?q=" + "a".repeat(10_000))).build(), BodyHandlers.ofString());

        assertEnvelope(response, 414, "URI_TOO_LONG");
        assertThat(response.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).matches(UUID));
    }

    @Test
    void oversizedHeaderIs431InTheEnvelope() throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(host.baseUrl() + "/api/ping"))
                .header("X-Big", "b".repeat(20_000)).build(), BodyHandlers.ofString());

        assertEnvelope(response, 431, "HEADERS_TOO_LARGE");
    }

    @Test
    void emptyPathSegmentIs400InTheEnvelopeWithTheClientsRequestId() {
        RawHttp response = RawHttp.get(host.port(), "//", "X-Request-Id: probe-1\r\n");

        assertEnvelope(response, 400, "BAD_REQUEST");
        assertThat(response.header("X-Request-Id")).isEqualTo("probe-1");
    }

    @Test
    void encodedSlashAfterADotSegmentIs400InTheEnvelopeWithTheClientsRequestId() {
        RawHttp response = RawHttp.get(host.port(), "/api/..%2Fping", "X-Request-Id: probe-2\r\n");

        assertEnvelope(response, 400, "BAD_REQUEST");
        assertThat(response.header("X-Request-Id")).isEqualTo("probe-2");
    }

    @Test
    void nulInThePathIs400InTheEnvelopeWithAGeneratedRequestId() {
        // Refused while the request line is parsed, before the headers (and the client's request id) are read.
        RawHttp response = RawHttp.get(host.port(), "/api/%00", "X-Request-Id: probe-3\r\n");

        assertEnvelope(response, 400, "BAD_REQUEST");
        assertThat(response.header("X-Request-Id")).matches(UUID);
    }

    @Test
    void malformedClientRequestIdIsReplacedByAGeneratedOne() {
        RawHttp response = RawHttp.get(host.port(), "/api//ping", "X-Request-Id: <script>\r\n");

        assertEnvelope(response, 400, "BAD_REQUEST");
        assertThat(response.header("X-Request-Id")).matches(UUID);
    }

    @Test
    void bodyOver100MegabytesIs413InTheEnvelopeWithTheClientsRequestId() {
        RawHttp response = RawHttp.send(host.port(), "POST /api/ping HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: probe-4\r\n"
                + "Content-Length: " + (100L * 1024 * 1024 + 1) + "\r\n\r\n");

        assertEnvelope(response, 413, "PAYLOAD_TOO_LARGE");
        assertThat(response.header("X-Request-Id")).isEqualTo("probe-4");
    }

    @Test
    void refusedPatchRequestGetsTheEnvelopeToo() {
        RawHttp response = RawHttp.send(host.port(), "PATCH /api//ping HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");

        assertEnvelope(response, 400, "BAD_REQUEST");
    }

    @Test
    void wellFormedRequestsStillReachTheFunction() {
        RawHttp response = RawHttp.get(host.port(), "/api/ping", "");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("pong");
    }

    private static void assertEnvelope(HttpResponse<String> response, int status, String code) {
        assertEnvelope(new RawHttp(response.statusCode(), Map.of(
                "content-type", response.headers().firstValue("Content-Type").orElse(""),
                "x-request-id", response.headers().firstValue("X-Request-Id").orElse("")), response.body()), status, code);
    }

    private static void assertEnvelope(RawHttp response, int status, String code) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        JsonNode error = json(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.path("details").isObject()).isTrue();
        assertThat(error.path("details").size()).isZero();
        assertThat(response.header("X-Request-Id")).isNotBlank().isEqualTo(error.path("requestId").asText());
    }

    private static JsonNode json(String body) {
        try {
            return TestApp.JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
