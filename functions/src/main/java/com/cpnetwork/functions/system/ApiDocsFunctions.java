package com.cpnetwork.functions.system;

import com.cpnetwork.functions.http.AcceptEncoding;
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
import java.util.Optional;

/** {@code GET /api/docs}: Swagger UI over the OpenAPI document, its two files served from the swagger-ui webjar. */
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

    @FunctionName("ApiDocs")
    public HttpResponseMessage page(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "docs", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        // The page's links are relative to /api/docs; from /api/docs/ they would miss. The redirect is relative too,
        // so it still lands right behind a proxy that serves the API under another prefix.
        return Api.handle(request, context, call -> call.path().endsWith("/")
                ? Reply.movedPermanently("../docs")
                : Reply.text(200, "text/html; charset=utf-8", PAGE));
    }

    @FunctionName("ApiDocsAsset")
    public HttpResponseMessage asset(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "docs/{file}", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, @BindingName("file") String file, ExecutionContext context) {
        return Api.handle(request, context, call -> SwaggerUiFile.named(file)
                .map(found -> found.reply(AcceptEncoding.allowsGzip(call.header("Accept-Encoding").orElse(""))))
                .orElseGet(() -> ErrorReplies.of(404, "NOT_FOUND", "No such file", call.requestId())));
    }
}
