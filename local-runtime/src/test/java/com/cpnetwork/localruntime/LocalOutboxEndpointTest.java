package com.cpnetwork.localruntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /local/outbox/latest}: the newest message of the app's local outbox, to this machine only. */
class LocalOutboxEndpointTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String PHONE = "+919812345678";
    /** File names start with the epoch millisecond, as the app's outbox writer names them. */
    private static final AtomicLong MILLIS = new AtomicLong(1_796_000_000_000L);

    @TempDir
    static Path temp;
    private static Path outbox;
    private static FunctionsHost host;
    private static FunctionsHost hostWithoutOutbox;

    @BeforeAll
    static void start() {
        Path app = TestApp.copyWith(temp.resolve("app"), List.of("Ping"), ping -> { });
        outbox = temp.resolve("outbox");
        host = FunctionsHost.start(app, 0, Map.of(), TestApp.options().withLocalOutbox(outbox));
        hostWithoutOutbox = FunctionsHost.start(app, 0, Map.of(), TestApp.options());
    }

    @AfterAll
    static void stop() {
        host.close();
        hostWithoutOutbox.close();
    }

    @BeforeEach
    void emptyOutbox() throws IOException {
        if (Files.isDirectory(outbox)) {
            try (var files = Files.list(outbox)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(outbox);
    }

    @Test
    void theNewestMessageToThePhoneIsAnsweredAsItsFileHoldsIt() throws Exception {
        aSignInCode(PHONE, "111111");
        aSignInCode(PHONE, "222222");
        aSignInCode("+919800000001", "333333");

        HttpResponse<String> response = get("?to=%2B919812345678");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        JsonNode message = TestApp.JSON.readTree(response.body());
        assertThat(message.path("to").asText()).isEqualTo(PHONE);
        assertThat(message.path("variables").path("code").asText()).isEqualTo("222222");
        assertThat(message.path("body").asText()).contains("222222");
    }

    @Test
    void aPhoneIsFoundByItsDigitsWhateverTheQueryMadeOfThePlus() throws Exception {
        aSignInCode(PHONE, "123456");

        // A bare + in a query string is a space once decoded; the national number alone also finds it.
        for (String to : List.of("+919812345678", "919812345678", "9812345678", "%2B91%2098123%2045678")) {
            HttpResponse<String> response = get("?to=" + to);
            assertThat(response.statusCode()).as(to).isEqualTo(200);
            assertThat(code(response)).as(to).isEqualTo("123456");
        }
        assertThat(get("?to=919800000001&wait=0").statusCode()).isEqualTo(404);
    }

    @Test
    void theTemplateAndTheChannelNarrowTheChoice() throws Exception {
        aSignInCode(PHONE, "123456");
        write(Map.of("channel", "SMS", "to", PHONE, "body", "Your quotation QUOTE-1000 is ready", "template", "QUOTATION_SHARED",
                "variables", Map.of("quotationId", "QUOTE-1000")));
        write(Map.of("channel", "EMAIL", "to", "asha@example.com", "subject", "Reset", "body", "Open the link"));

        assertThat(TestApp.JSON.readTree(get("?to=" + PHONE.substring(1)).body()).path("template").asText()).isEqualTo("QUOTATION_SHARED");
        assertThat(code(get("?to=" + PHONE.substring(1) + "&template=SIGN_IN_CODE"))).isEqualTo("123456");
        assertThat(TestApp.JSON.readTree(get("?to=Asha@Example.com&channel=EMAIL").body()).path("subject").asText()).isEqualTo("Reset");
        assertThat(TestApp.JSON.readTree(get("").body()).path("channel").asText()).as("newest of all").isEqualTo("EMAIL");
    }

    @Test
    void aMessageThatArrivesWhileTheRequestWaitsIsAnswered() throws Exception {
        CompletableFuture<HttpResponse<String>> waiting = CLIENT.sendAsync(request("?to=" + PHONE.substring(1) + "&wait=10"),
                BodyHandlers.ofString());
        Thread.sleep(500);
        assertThat(waiting).isNotDone();

        aSignInCode(PHONE, "654321");

        HttpResponse<String> response = waiting.get();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(code(response)).isEqualTo("654321");
    }

    @Test
    void nothingWithinTheWaitIs404InTheErrorEnvelope() throws Exception {
        Instant asked = Instant.now();

        HttpResponse<String> response = get("?to=" + PHONE.substring(1) + "&wait=1");

        assertThat(Duration.between(asked, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode error = TestApp.JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("NO_MESSAGE");
        assertThat(error.path("message").asText()).contains("to 919812345678");
        assertThat(error.path("requestId").asText()).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void filesStillBeingWrittenAndOtherFilesAreNotMessages() throws Exception {
        Files.writeString(outbox.resolve(MILLIS.incrementAndGet() + "-partial.json.tmp"), "{\"to\": \"" + PHONE + "\"");
        Files.writeString(outbox.resolve(MILLIS.incrementAndGet() + "-broken.json"), "{\"to\": ");
        Files.writeString(outbox.resolve("README.txt"), PHONE);

        assertThat(get("?to=" + PHONE.substring(1) + "&wait=0").statusCode()).isEqualTo(404);
    }

    @Test
    void malformedQueriesAndOtherMethodsAreRefused() throws Exception {
        assertThat(get("?to=12345").statusCode()).isEqualTo(400);
        assertThat(get("?wait=61").statusCode()).isEqualTo(400);
        assertThat(get("?wait=soon").statusCode()).isEqualTo(400);
        aSignInCode(PHONE, "123456");
        assertThat(get("?to=%00").statusCode()).as("a NUL is not 'anyone'").isEqualTo(400);
        assertThat(get("?to=" + PHONE.replace("+", "%2B") + "&template=%0A").statusCode()).isEqualTo(400);
        HttpResponse<String> post = CLIENT.send(HttpRequest.newBuilder(URI.create(host.baseUrl() + LocalOutboxEndpoint.PATH))
                .POST(BodyPublishers.ofString("{}")).build(), BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void aRequestRelayedByAProxyIsRefused() throws Exception {
        aSignInCode(PHONE, "123456");

        for (String header : List.of("X-Forwarded-For", "Forwarded")) {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(host.baseUrl() + LocalOutboxEndpoint.PATH))
                    .header(header, "for=203.0.113.9").build(), BodyHandlers.ofString());
            assertThat(response.statusCode()).as(header).isEqualTo(403);
            assertThat(TestApp.JSON.readTree(response.body()).path("error").path("code").asText()).isEqualTo("LOCAL_ONLY");
            assertThat(response.body()).doesNotContain("123456");
        }
    }

    @Test
    void aRequestFromAnotherAddressIsRefused() throws Exception {
        Optional<InetAddress> other = nonLoopbackAddress();
        assumeThat(other).as("a network interface besides loopback").isPresent();
        aSignInCode(PHONE, "123456");

        // The host listens on every interface: connecting to this machine's own LAN address comes from that address.
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create("http://" + other.get().getHostAddress() + ":"
                + host.port() + LocalOutboxEndpoint.PATH)).build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).doesNotContain("123456");
        HttpResponse<String> ping = CLIENT.send(HttpRequest.newBuilder(URI.create("http://" + other.get().getHostAddress() + ":"
                + host.port() + "/api/ping")).build(), BodyHandlers.ofString());
        assertThat(ping.body()).as("functions answer other addresses as before").isEqualTo("pong");
    }

    @Test
    void functionsAreServedAsBeforeAndAHostWithoutAnOutboxHasNoSuchPath() throws Exception {
        aSignInCode(PHONE, "123456");

        assertThat(CLIENT.send(HttpRequest.newBuilder(URI.create(host.baseUrl() + "/api/ping")).build(), BodyHandlers.ofString()).body())
                .isEqualTo("pong");
        HttpResponse<String> without = CLIENT.send(HttpRequest.newBuilder(URI.create(hostWithoutOutbox.baseUrl()
                + LocalOutboxEndpoint.PATH + "?to=" + PHONE.substring(1))).build(), BodyHandlers.ofString());
        assertThat(without.statusCode()).isEqualTo(404);
        assertThat(without.body()).isEmpty();
    }

    private static HttpRequest request(String query) {
        return HttpRequest.newBuilder(URI.create(host.baseUrl() + LocalOutboxEndpoint.PATH + query)).build();
    }

    private static HttpResponse<String> get(String query) throws Exception {
        return CLIENT.send(request(query), BodyHandlers.ofString());
    }

    private static String code(HttpResponse<String> response) throws IOException {
        return TestApp.JSON.readTree(response.body()).path("variables").path("code").asText();
    }

    private static void aSignInCode(String phone, String code) throws IOException {
        write(Map.of("channel", "SMS", "to", phone, "body", "Your cpnetwork sign-in code is " + code + ".", "template", "SIGN_IN_CODE",
                "variables", Map.of("code", code)));
    }

    /** As the app's outbox writer does: a temporary file moved into place under a name that sorts by time. */
    private static void write(Map<String, Object> message) throws IOException {
        String name = MILLIS.incrementAndGet() + "-" + UUID.randomUUID() + ".json";
        Path partial = outbox.resolve(name + ".tmp");
        TestApp.JSON.writeValue(partial.toFile(), message);
        Files.move(partial, outbox.resolve(name));
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (network.isUp() && !network.isLoopback()) {
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                        return Optional.of(address);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
