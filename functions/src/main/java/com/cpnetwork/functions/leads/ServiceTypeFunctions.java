package com.cpnetwork.functions.leads;

import com.cpnetwork.functions.BackendHolder;
import com.cpnetwork.functions.http.Api;
import com.cpnetwork.functions.http.Reply;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Page;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;

/** The organization's catalog of services that leads may ask for. */
public final class ServiceTypeFunctions {

    @FunctionName("ListServiceTypes")
    public HttpResponseMessage list(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "v1/serviceTypes", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> Reply.ok(new Page<>(BackendHolder.get().serviceCatalog().listServiceTypes(call.caller()), null)));
    }

    @FunctionName("AddServiceType")
    public HttpResponseMessage add(
            @HttpTrigger(name = "request", methods = HttpMethod.POST, route = "v1/serviceTypes", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            Caller caller = call.caller();
            NewServiceType type = call.read(body -> new NewServiceType(body.text("code").orElse(null), body.text("name").orElse(null)));
            return Reply.created(BackendHolder.get().serviceCatalog().addServiceType(caller, type.code(), type.name()));
        });
    }

    private record NewServiceType(String code, String name) {
    }
}
