package com.cpnetwork.functions.users;

import com.cpnetwork.functions.BackendHolder;
import com.cpnetwork.functions.http.Api;
import com.cpnetwork.functions.http.ApiRequest;
import com.cpnetwork.functions.http.JsonFields;
import com.cpnetwork.functions.http.PathIds;
import com.cpnetwork.functions.http.Reply;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Role;
import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.users.NewUser;
import com.cpnetwork.users.UserChanges;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Arrays;
import java.util.Optional;

/** Accounts, managed by admins. */
public final class UserFunctions {

    @FunctionName("CreateUser")
    public HttpResponseMessage create(
            @HttpTrigger(name = "request", methods = HttpMethod.POST, route = "v1/users", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> Reply.created(BackendHolder.get().users()
                .createUser(call.caller(), call.body(NewUser.class), "true".equals(call.query("override").orElse("false")))));
    }

    @FunctionName("ListUsers")
    public HttpResponseMessage list(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "v1/users", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> Reply.ok(BackendHolder.get().users()
                .listUsers(call.caller(), role(call), call.query("q"), call.page())));
    }

    @FunctionName("GetUser")
    public HttpResponseMessage get(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "v1/users/{id}", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, @BindingName("id") String id, ExecutionContext context) {
        return Api.handle(request, context, call -> Reply.ok(BackendHolder.get().users().getUser(call.caller(), PathIds.uuid(id, "User"))));
    }

    @FunctionName("UpdateUser")
    public HttpResponseMessage update(
            @HttpTrigger(name = "request", methods = HttpMethod.PATCH, route = "v1/users/{id}", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, @BindingName("id") String id, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            Caller caller = call.caller();
            JsonNode body = call.jsonBody();
            UserChanges changes = new UserChanges(JsonFields.textPatch(body, "name"), JsonFields.textPatch(body, "stateCode"),
                    JsonFields.uuidPatch(body, "kamId"), JsonFields.booleanPatch(body, "blockedToken"), JsonFields.booleanPatch(body, "active"));
            return Reply.ok(BackendHolder.get().users().updateUser(caller, PathIds.uuid(id, "User"), changes));
        });
    }

    private static Optional<Role> role(ApiRequest call) {
        return call.query("role").map(text -> Arrays.stream(Role.values()).filter(r -> r.name().equals(text)).findFirst()
                .orElseThrow(() -> Invalid.field("role", "must be one of ADMIN, KAM, CP, CUSTOMER")));
    }
}
