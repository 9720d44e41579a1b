package com.cpnetwork.functions.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.cpnetwork.functions.http.FakeRequest;
import com.microsoft.azure.functions.HttpResponseMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class ApiDocsFunctionsTest {

    private static final Pattern REFERENCE = Pattern.compile("(?:href|src|url:)\\s*=?\\s*\"([^\"]+)\"");
    private final ApiDocsFunctions docs = new ApiDocsFunctions();

    @Test
    void pageWithATrailingSlashRedirectsToThePageWithoutIt() {
        FakeRequest request = FakeRequest.get("/docs/");

        HttpResponseMessage response = docs.page(request, FakeRequest.context());

        assertThat(response.getStatusCode()).isEqualTo(301);
        assertThat(request.getUri().resolve(response.getHeader("Location"))).isEqualTo(URI.create("http://localhost:7071/api/docs"));
    }

    @Test
    void everyFileThePageReferencesResolvesToAServedAssetOrTheDocument() {
        FakeRequest request = FakeRequest.get("/docs");
        HttpResponseMessage page = docs.page(request, FakeRequest.context());

        List<String> paths = references((String) page.getBody()).stream().map(ref -> request.getUri().resolve(ref).getPath()).toList();

        assertThat(paths).containsExactlyInAnyOrder("/api/docs/swagger-ui.css", "/api/docs/swagger-ui-bundle.js", "/api/openapi.json");
        paths.stream().filter(path -> path.startsWith("/api/docs/")).forEach(path ->
                assertThat(asset(path.substring("/api/docs/".length()), null).getStatusCode()).as(path).isEqualTo(200));
    }

    @Test
    void assetIsGzippedWhenTheClientAcceptsGzip() {
        HttpResponseMessage plain = asset("swagger-ui-bundle.js", null);
        HttpResponseMessage gzipped = asset("swagger-ui-bundle.js", "gzip, deflate, br");

        assertThat(gzipped.getStatusCode()).isEqualTo(200);
        assertThat(gzipped.getHeader("Content-Encoding")).isEqualTo("gzip");
        assertThat(gzipped.getHeader("Vary")).isEqualTo("Accept-Encoding");
        assertThat(gzipped.getHeader("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(gunzip(bytes(gzipped))).isEqualTo(bytes(plain));
        assertThat(bytes(gzipped).length).isLessThan(bytes(plain).length / 2);
        assertThat(new String(bytes(plain), StandardCharsets.UTF_8)).contains("SwaggerUIBundle");
    }

    @Test
    void assetIsSentAsItIsWhenGzipIsNotAccepted() {
        for (String acceptEncoding : new String[] {null, "identity", "br", "gzip;q=0", "*;q=0"}) {
            HttpResponseMessage response = asset("swagger-ui.css", acceptEncoding);

            assertThat(response.getStatusCode()).isEqualTo(200);
            assertThat(response.getHeader("Content-Encoding")).as(acceptEncoding).isNull();
            assertThat(response.getHeader("Vary")).isEqualTo("Accept-Encoding");
            assertThat(new String(bytes(response), StandardCharsets.UTF_8)).contains(".swagger-ui");
        }
    }

    @Test
    void compressedAssetIsMadeOncePerJvm() {
        assertThat(bytes(asset("swagger-ui.css", "gzip"))).isSameAs(bytes(asset("swagger-ui.css", "gzip")));
    }

    @Test
    void fileOutsideTheWebjarsTwoAssetsIs404() {
        assertThat(asset("secrets.txt", "gzip").getStatusCode()).isEqualTo(404);
    }

    private HttpResponseMessage asset(String file, String acceptEncoding) {
        FakeRequest request = FakeRequest.get("/docs/" + file);
        if (acceptEncoding != null) {
            request.header("accept-encoding", acceptEncoding);
        }
        return docs.asset(request, file, FakeRequest.context());
    }

    private static List<String> references(String html) {
        Matcher matcher = REFERENCE.matcher(html);
        return matcher.results().map(match -> match.group(1)).toList();
    }

    private static byte[] bytes(HttpResponseMessage response) {
        return response.getBody() instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : (byte[]) response.getBody();
    }

    private static byte[] gunzip(byte[] compressed) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
