package com.cpnetwork.functions.system;

import com.cpnetwork.functions.http.Api;
import com.cpnetwork.functions.http.ErrorReplies;
import com.cpnetwork.functions.http.Reply;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/** {@code GET /api/docs}: Swagger UI over the OpenAPI document, its two assets served from the swagger-ui webjar. */
public final class ApiDocsFunctions {

    private static final String PAGE = """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>cpnetwork API</title>
              <link rel="stylesheet" href="docs/swagger-ui.css">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="docs/swagger-ui-bundle.js"></script>
              <script>SwaggerUIBundle({url: "openapi.json", dom_id: "#swagger-ui"});</script>
            </body>
            </html>
            """;
    private static final Map<String, String> ASSETS = Map.of(
            "swagger-ui.css", "text/css; charset=utf-8",
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8");
    private static final Map<String, String> LOADED = new ConcurrentHashMap<>();

    @FunctionName("ApiDocs")
    public HttpResponseMessage page(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "docs", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> Reply.text(200, "text/html; charset=utf-8", PAGE));
    }

    @FunctionName("ApiDocsAsset")
    public HttpResponseMessage asset(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "docs/{file}", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, @BindingName("file") String file, ExecutionContext context) {
        return Api.handle(request, context, call -> ASSETS.containsKey(file)
                ? Reply.text(200, ASSETS.get(file), LOADED.computeIfAbsent(file, ApiDocsFunctions::load))
                        .withHeader("Cache-Control", "public, max-age=86400")
                : ErrorReplies.of(404, "NOT_FOUND", "No such file", call.requestId()));
    }

    private static String load(String file) {
        try {
            return new String(webjarResource(webjarVersion() + "/" + file).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Swagger UI asset " + file + " is missing", e);
        }
    }

    private static String webjarVersion() throws IOException {
        try (InputStream pom = ApiDocsFunctions.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            Properties properties = new Properties();
            properties.load(pom);
            return properties.getProperty("version");
        }
    }

    private static InputStream webjarResource(String path) throws IOException {
        InputStream stream = ApiDocsFunctions.class.getResourceAsStream("/META-INF/resources/webjars/swagger-ui/" + path);
        if (stream == null) {
            throw new IOException("not in the swagger-ui webjar: " + path);
        }
        return stream;
    }
}
