package com.cpnetwork.functions.system;

import com.cpnetwork.functions.http.Api;
import com.cpnetwork.functions.http.Reply;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;

/** The OpenAPI document, and the catch-all that answers 404/405 in the error envelope for everything else. */
public final class OpenApiFunctions {

    @FunctionName("OpenApi")
    public HttpResponseMessage openApi(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "openapi.json", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return Api.handle(request, context, call -> Reply.text(200, Reply.JSON, OpenApiDocument.get().json()));
    }

    /** Lowest-precedence route: literal and parameterised routes of other functions always win over it. */
    @FunctionName("Fallback")
    public HttpResponseMessage fallback(
            @HttpTrigger(name = "request", route = "{*path}", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return Api.handle(request, context, call -> UnmatchedRoute.answer(call, OpenApiDocument.get()));
    }
}
