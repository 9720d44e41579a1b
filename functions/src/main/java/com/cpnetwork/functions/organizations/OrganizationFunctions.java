package com.cpnetwork.functions.organizations;

import com.cpnetwork.functions.BackendHolder;
import com.cpnetwork.functions.http.Api;
import com.cpnetwork.functions.http.Reply;
import com.cpnetwork.organizations.NewOrganization;
import com.cpnetwork.organizations.OperatorKey;
import com.cpnetwork.organizations.OrganizationChanges;
import com.cpnetwork.organizations.OrganizationService;
import com.cpnetwork.platform.Caller;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;

/** Organizations: created by the platform operator, read and configured by their own users. */
public final class OrganizationFunctions {

    @FunctionName("CreateOrganization")
    public HttpResponseMessage create(
            @HttpTrigger(name = "request", methods = HttpMethod.POST, route = "v1/organizations", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            OrganizationService organizations = BackendHolder.get().organizations();
            OperatorKey.Operator operator = organizations.authenticateOperator(call.header("X-Operator-Key"));
            return Reply.created(organizations.createOrganization(operator, call.body(NewOrganization.class)));
        });
    }

    @FunctionName("GetCurrentOrganization")
    public HttpResponseMessage current(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "v1/organizations/current", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> Reply.ok(BackendHolder.get().organizations().current(call.caller())));
    }

    @FunctionName("UpdateCurrentOrganization")
    public HttpResponseMessage update(
            @HttpTrigger(name = "request", methods = HttpMethod.PATCH, route = "v1/organizations/current", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            Caller caller = call.caller();
            OrganizationChanges changes = call.read(body -> new OrganizationChanges(body.textPatch("name"), body.textPatch("legalName"),
                    body.textPatch("gstin"), body.textPatch("stateCode"), body.textPatch("address"), body.integerPatch("quotationValidityDays"),
                    body.booleanPatch("mfaRequired")));
            return Reply.ok(BackendHolder.get().organizations().updateOrganization(caller, changes));
        });
    }
}
