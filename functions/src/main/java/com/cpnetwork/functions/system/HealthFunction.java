package com.cpnetwork.functions.system;

import com.cpnetwork.functions.BackendHolder;
import com.cpnetwork.functions.http.Api;
import com.cpnetwork.functions.http.Reply;
import com.cpnetwork.platform.health.HealthReport;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code GET /api/health}: 200 when the database and storage answer, 503 naming the part that does not. */
public final class HealthFunction {

    @FunctionName("Health")
    public HttpResponseMessage health(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "health", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return Api.handle(request, context, call -> toReply(BackendHolder.get().health().check()));
    }

    static Reply toReply(HealthReport report) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("status", upOrDown(report.up()));
        body.put("database", upOrDown(report.databaseUp()));
        body.put("storage", upOrDown(report.storageUp()));
        Reply reply = Reply.json(report.up() ? 200 : 503, body);
        return report.up() ? reply : reply.withHeader("Retry-After", "5");
    }

    private static String upOrDown(boolean up) {
        return up ? "UP" : "DOWN";
    }
}
