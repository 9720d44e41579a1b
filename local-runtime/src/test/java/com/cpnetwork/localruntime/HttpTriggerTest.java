package com.cpnetwork.localruntime;

import static org.assertj.core.api.Assertions.assertThat;

import com.cpnetwork.localruntime.azurite.Azurite;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpTriggerTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static Azurite azurite;
    private static FunctionsHost host;

    @BeforeAll
    static void start(@TempDir Path reports) {
        azurite = Azurite.start();
        host = TestApp.start(azurite, new Reports(reports));
    }

    @AfterAll
    static void stop() {
        host.close();
        azurite.close();
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(host.baseUrl() + path))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        return CLIENT.send(request.build(), BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null);
    }

    @Test
    void echoSeesMethodRouteValueQueryHeadersBodyAndInvocation() throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(host.baseUrl() + "/api/echo/42?x=1&x=2&name=a%20b"))
                .header("X-Custom-Header", "value")
                .header("Content-Type", "text/plain")
                .POST(BodyPublishers.ofString("hello ✓")).build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode seen = TestApp.JSON.readTree(response.body());
        assertThat(seen.path("method").asText()).isEqualTo("POST");
        assertThat(seen.path("id").asText()).isEqualTo("42");
        assertThat(seen.path("uri").asText()).endsWith("/api/echo/42?x=1&x=2&name=a%20b");
        assertThat(seen.path("query").path("x").asText()).isEqualTo("1,2");
        assertThat(seen.path("query").path("name").asText()).isEqualTo("a b");
        assertThat(seen.path("headers").path("x-custom-header").asText()).isEqualTo("value");
        assertThat(seen.path("contentTypeByMixedCaseKey").asText()).isEqualTo("text/plain");
        assertThat(seen.path("body").asText()).isEqualTo("hello ✓");
        assertThat(UUID.fromString(seen.path("invocationId").asText())).isNotNull();
        assertThat(seen.path("functionName").asText()).isEqualTo("Echo");
    }

    @Test
    void clientAddressIsAppendedToXForwardedForAsTheFrontEndDoes() throws Exception {
        HttpResponse<String> direct = get("/api/echo");
        HttpResponse<String> proxied = CLIENT.send(HttpRequest.newBuilder(URI.create(host.baseUrl() + "/api/echo"))
                .header("X-Forwarded-For", "203.0.113.9").build(), BodyHandlers.ofString());

        assertThat(TestApp.JSON.readTree(direct.body()).path("headers").path("x-forwarded-for").asText()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(TestApp.JSON.readTree(proxied.body()).path("headers").path("x-forwarded-for").asText()).matches("203\\.0\\.113\\.9, 127\\.0\\.0\\.1:\\d+");
    }

    @Test
    void requestWithoutBodyGetsAnEmptyOptional() throws Exception {
        JsonNode seen = TestApp.JSON.readTree(get("/api/echo").body());
        assertThat(seen.path("body").isNull()).isTrue();
        assertThat(seen.path("id").isNull()).isTrue();
    }

    @Test
    void literalRouteBeatsConstrainedBeatsPlainParameter() throws Exception {
        assertThat(get("/api/items/special").body()).isEqualTo("literal");
        assertThat(get("/api/items/17").body()).isEqualTo("int:17");
        assertThat(get("/api/items/0f8fad5b-d9cb-469f-a165-70867728950e").body()).isEqualTo("guid:0f8fad5b-d9cb-469f-a165-70867728950e");
        assertThat(get("/api/items/abc").body()).isEqualTo("alpha:abc");
        assertThat(get("/api/items/abc-17").body()).isEqualTo("any:abc-17");
    }

    @Test
    void catchAllRouteLosesToLiteralRoute() throws Exception {
        assertThat(get("/api/files/readme").body()).isEqualTo("readme");
        assertThat(get("/api/files/docs/2026/a%20b.txt").body()).isEqualTo("file:docs/2026/a b.txt");
    }

    @Test
    void optionalRouteParameterMayBeLeftOut() throws Exception {
        assertThat(get("/api/opt/7").body()).isEqualTo("opt:7");
        assertThat(get("/api/opt").body()).isEqualTo("opt:null");
    }

    @Test
    void routePrefixAndLiteralsIgnoreCase() throws Exception {
        assertThat(get("/API/Items/SPECIAL").body()).isEqualTo("literal");
    }

    @Test
    void sameRouteGoesToTheFunctionAllowingTheMethod() throws Exception {
        assertThat(get("/api/orders").body()).isEqualTo("list");
        HttpResponse<String> created = send("POST", "/api/orders", "{}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).isEqualTo("created");
    }

    @Test
    void knownRouteWithAnotherMethodIs405WithAllowHeader() throws Exception {
        HttpResponse<String> response = send("DELETE", "/api/orders", null);
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("allow")).hasValue("GET, POST");
    }

    @Test
    void unknownRouteIs404() throws Exception {
        assertThat(get("/api/nothing/here").statusCode()).isEqualTo(404);
        assertThat(get("/outside/the/prefix").statusCode()).isEqualTo(404);
    }

    @Test
    void customStatusAndHeadersPassThrough() throws Exception {
        HttpResponse<String> response = get("/api/status/299");
        assertThat(response.statusCode()).isEqualTo(299);
        assertThat(response.headers().firstValue("x-custom")).hasValue("yes");
        assertThat(response.body()).isEqualTo("status 299");
    }

    @Test
    void exceptionInFunctionGives500WithEmptyBody() throws Exception {
        HttpResponse<String> response = get("/api/boom");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void functionWhoseClassCannotInitialiseGives500EveryTime() throws Exception {
        assertThat(get("/api/broken").statusCode()).isEqualTo(500);
        assertThat(get("/api/broken").statusCode()).isEqualTo(500);
    }

    @Test
    void bindingNameWithoutMetadataIsAnInvocationError() throws Exception {
        assertThat(get("/api/missing-binding").statusCode()).isEqualTo(500);
    }

    @Test
    void bytesBodyInAndOut() throws Exception {
        HttpResponse<byte[]> response = CLIENT.send(HttpRequest.newBuilder(URI.create(host.baseUrl() + "/api/reverse"))
                .POST(BodyPublishers.ofByteArray(new byte[] {1, 2, 3, (byte) 255})).build(), BodyHandlers.ofByteArray());
        assertThat(response.body()).containsExactly((byte) 255, 3, 2, 1);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/octet-stream");
    }

    @Test
    void objectBodyIsWrittenAsJson() throws Exception {
        HttpResponse<String> response = get("/api/json");
        assertThat(response.body()).isEqualTo("{\"answer\":42}");
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
    }

    @Test
    void staticMethodAndPlainTextResponse() throws Exception {
        HttpResponse<String> response = get("/api/ping");
        assertThat(response.body()).isEqualTo("pong");
        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
    }

    @Test
    void everyInvocationGetsANewInstanceRunningInTheAppsOwnClassLoader() throws Exception {
        for (int i = 0; i < 2; i++) {
            JsonNode seen = TestApp.JSON.readTree(get("/api/worker").body());
            assertThat(seen.path("callsOnThisInstance").asInt()).isEqualTo(1);
            assertThat(seen.path("contextLoaderIsAppLoader").asBoolean()).isTrue();
            assertThat(seen.path("jacksonFromApp").asBoolean()).isTrue();
        }
    }

    @Test
    void bodyOver100MegabytesIsRefusedBeforeItIsRead() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", host.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + (100L * 1024 * 1024 + 1)
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(statusLine).isEqualTo("HTTP/1.1 413");
        }
    }
}
