package com.cpnetwork.functions.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.cpnetwork.localruntime.stack.LocalStack;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The platform contract every endpoint shares, over real HTTP against the packaged app. */
class FoundationIT {

    private final RunningApp app = RunningApp.get();
    private final ApiClient api = app.api();

    @Test
    void healthIsUpWhenDatabaseAndStorageAnswer() {
        ApiClient.Response health = api.get("/health", null);

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.text()).isEqualTo("{\"status\":\"UP\",\"database\":\"UP\",\"storage\":\"UP\"}");
    }

    @Test
    void healthIs503NamingTheDatabaseWhenItIsDown() {
        Map<String, String> settings = new HashMap<>(app.settings());
        // 127.0.0.2 is this machine too, but nothing listens there: the database is simply down.
        settings.put("DB_URL", "jdbc:postgresql://127.0.0.2:" + RunningApp.freePort() + "/cpnetwork");
        try (LocalStack degraded = RunningApp.start(Path.of("target", "e2e", "degraded"), settings, false)) {
            long started = System.nanoTime();
            ApiClient.Response health = new ApiClient(degraded.baseUrl()).get("/health", null);

            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().path("status").asText()).isEqualTo("DOWN");
            assertThat(health.json().path("database").asText()).isEqualTo("DOWN");
            assertThat(health.json().path("storage").asText()).isEqualTo("UP");
            assertThat(health.header("Retry-After")).isNotBlank();
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
        }
    }

    @Test
    void everyResponseCarriesTheRequestIdEchoedOrGenerated() {
        ApiClient.Response echoed = api.send("GET", "/health", null, null, Map.of("X-Request-Id", "abc-123"));
        ApiClient.Response generated = api.get("/health", null);

        assertThat(echoed.header("X-Request-Id")).isEqualTo("abc-123");
        assertThat(generated.header("X-Request-Id")).matches("[0-9a-f-]{36}");
    }

    @Test
    void unknownRouteIsA404Envelope() {
        ApiClient.Response response = api.get("/v1/no-such-thing", null);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("NOT_FOUND");
        assertThat(response.json().at("/error/requestId").asText()).isEqualTo(response.header("X-Request-Id"));
    }

    @Test
    void wrongMethodOnAKnownRouteIsA405WithAllow() {
        ApiClient.Response response = api.send("DELETE", "/health", null, null, Map.of());

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.errorCode()).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(response.header("Allow")).isEqualTo("GET");
    }

    @Test
    void bodyOverOneMebibyteIsA413() {
        String big = "{\"phone\":\"" + "9".repeat(1024 * 1024) + "\"}";

        ApiClient.Response response = api.post("/v1/auth/login", big, null);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void malformedJsonIsA400() {
        ApiClient.Response response = api.post("/v1/auth/login", "{\"phone\": ", null);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("MALFORMED_JSON");
    }

    @Test
    void interactiveDocsPageLoadsSwaggerUiOverTheDocument() {
        ApiClient.Response page = api.get("/docs", null);
        ApiClient.Response script = api.get("/docs/swagger-ui-bundle.js", null);
        ApiClient.Response other = api.get("/docs/secrets.txt", null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.text()).contains("SwaggerUIBundle").contains("openapi.json");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Content-Type")).startsWith("text/javascript");
        assertThat(script.text()).contains("SwaggerUIBundle");
        assertThat(other.status()).isEqualTo(404);
    }

    @Test
    void docsPageWithATrailingSlashLeadsToThePageWhoseFilesLoad() {
        ApiClient.Response redirect = api.get("/docs/", null);
        assertThat(redirect.status()).isEqualTo(301);
        URI page = URI.create("http://localhost/api/docs/").resolve(redirect.header("Location"));
        ApiClient.Response html = api.get(belowPrefix(page), null);

        assertThat(html.status()).isEqualTo(200);
        List<String> files = Pattern.compile("(?:href|src|url:)\\s*=?\\s*\"([^\"]+)\"").matcher(html.text()).results()
                .map(reference -> belowPrefix(page.resolve(reference.group(1)))).toList();
        assertThat(files).containsExactlyInAnyOrder("/docs/swagger-ui.css", "/docs/swagger-ui-bundle.js", "/openapi.json");
        files.forEach(file -> assertThat(api.get(file, null).status()).as(file).isEqualTo(200));
    }

    @Test
    void docsFilesAreGzippedWhenTheClientAcceptsGzip() throws Exception {
        HttpResponse<byte[]> gzipped = api.getBytes("/docs/swagger-ui-bundle.js", Map.of("Accept-Encoding", "gzip, deflate, br"));
        HttpResponse<byte[]> plain = api.getBytes("/docs/swagger-ui-bundle.js", Map.of());

        assertThat(gzipped.statusCode()).isEqualTo(200);
        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gzipped.headers().firstValue("Vary")).hasValue("Accept-Encoding");
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        try (GZIPInputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            assertThat(unzipped.readAllBytes()).isEqualTo(plain.body());
        }
        assertThat(gzipped.body().length).isLessThan(plain.body().length / 2);
    }

    @Test
    void openApiDocumentIsServedAndValid() {
        ApiClient.Response response = api.get("/openapi.json", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("openapi").asText()).isEqualTo("3.1.0");
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(response.text());
        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI().getPaths()).containsKey("/health");
    }

    /** The path of a URL below the {@code /api} route prefix, as {@link ApiClient} takes it. */
    private static String belowPrefix(URI url) {
        assertThat(url.getPath()).startsWith("/api/");
        return url.getPath().substring("/api".length());
    }
}
