package com.cpnetwork.functions.users;

import com.cpnetwork.functions.BackendHolder;
import com.cpnetwork.functions.http.Api;
import com.cpnetwork.functions.http.PathIds;
import com.cpnetwork.functions.http.Reply;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.PageRequest;
import com.cpnetwork.platform.Role;
import com.cpnetwork.users.NewUser;
import com.cpnetwork.users.UserChanges;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;

/** Accounts, managed by admins. */
public final class UserFunctions {

    @FunctionName("CreateUser")
    public HttpResponseMessage create(
            @HttpTrigger(name = "request", methods = HttpMethod.POST, route = "v1/users", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> Reply.created(BackendHolder.get().users()
                .createUser(call.caller(), call.body(NewUser.class), "true".equals(call.readOptional(fields -> fields.query("override")).orElse("false")))));
    }

    @FunctionName("ListUsers")
    public HttpResponseMessage list(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "v1/users", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            Caller caller = call.caller();
            Listing listing = call.readOptional(fields -> new Listing(fields.queryEnum("role", Role.class), fields.query("q"), fields.page()));
            return Reply.ok(BackendHolder.get().users().listUsers(caller, listing.role(), listing.search(), listing.page()));
        });
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
            UserChanges changes = call.read(body -> new UserChanges(body.textPatch("name"), body.textPatch("stateCode"),
                    body.uuidPatch("kamId"), body.booleanPatch("blockedToken"), body.booleanPatch("active")));
            return Reply.ok(BackendHolder.get().users().updateUser(caller, PathIds.uuid(id, "User"), changes));
        });
    }

    private record Listing(Optional<Role> role, Optional<String> search, PageRequest page) {
    }
}
