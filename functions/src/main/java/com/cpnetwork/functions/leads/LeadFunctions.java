package com.cpnetwork.functions.leads;

import com.cpnetwork.functions.BackendHolder;
import com.cpnetwork.functions.http.Api;
import com.cpnetwork.functions.http.ApiRequest;
import com.cpnetwork.functions.http.JsonFields;
import com.cpnetwork.functions.http.Reply;
import com.cpnetwork.leads.LeadChanges;
import com.cpnetwork.leads.LeadFilter;
import com.cpnetwork.leads.LeadStatus;
import com.cpnetwork.leads.NewLead;
import com.cpnetwork.leads.ServiceRequest;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Page;
import com.cpnetwork.platform.errors.Invalid;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;

/** Leads: created by CPs and staff, requested by customers, moved through the pipeline, reassigned by territory. */
public final class LeadFunctions {

    @FunctionName("CreateLead")
    public HttpResponseMessage create(
            @HttpTrigger(name = "request", methods = HttpMethod.POST, route = "v1/leads", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> Reply.created(BackendHolder.get().leads().createLead(call.caller(), call.body(NewLead.class))));
    }

    @FunctionName("RequestService")
    public HttpResponseMessage requestService(
            @HttpTrigger(name = "request", methods = HttpMethod.POST, route = "v1/serviceRequests", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> Reply.created(BackendHolder.get().leads()
                .requestService(call.caller(), call.body(ServiceRequest.class))));
    }

    @FunctionName("ListLeads")
    public HttpResponseMessage list(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "v1/leads", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> Reply.ok(BackendHolder.get().leads().listLeads(call.caller(), filter(call), call.page())));
    }

    @FunctionName("GetLead")
    public HttpResponseMessage get(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "v1/leads/{id}", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, @BindingName("id") String id, ExecutionContext context) {
        return Api.handle(request, context, call -> Reply.ok(BackendHolder.get().leads().getLead(call.caller(), id)));
    }

    @FunctionName("UpdateLead")
    public HttpResponseMessage update(
            @HttpTrigger(name = "request", methods = HttpMethod.PATCH, route = "v1/leads/{id}", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, @BindingName("id") String id, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            Caller caller = call.caller();
            JsonNode body = call.jsonBody();
            LeadChanges changes = new LeadChanges(
                    JsonFields.enumValue("status", JsonFields.text(body, "status"), LeadStatus.class),
                    JsonFields.textPatch(body, "remarks"), JsonFields.datePatch(body, "followUpDate"),
                    JsonFields.flag(body, "override"), JsonFields.text(body, "overrideReason").orElse(null),
                    JsonFields.text(body, "lostReason").orElse(null));
            return Reply.ok(BackendHolder.get().leads().changeLead(caller, id, changes));
        });
    }

    @FunctionName("ReassignLead")
    public HttpResponseMessage reassign(
            @HttpTrigger(name = "request", methods = HttpMethod.PATCH, route = "v1/leads/{id}/reassign", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, @BindingName("id") String id, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            Caller caller = call.caller();
            JsonNode body = call.optionalJsonBody();
            String cpId = call.query("cpId").orElseThrow(() -> Invalid.field("cpId", "is required: ?cpId=<the CP's id>"));
            return Reply.ok(BackendHolder.get().leads().reassignLead(caller, id, JsonFields.uuid("cpId", cpId),
                    JsonFields.flag(body, "override"), JsonFields.text(body, "overrideReason").orElse(null)));
        });
    }

    @FunctionName("LeadHistory")
    public HttpResponseMessage history(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "v1/leads/{id}/history", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, @BindingName("id") String id, ExecutionContext context) {
        return Api.handle(request, context, call -> Reply.ok(new Page<>(BackendHolder.get().leads().history(call.caller(), id), null)));
    }

    private static LeadFilter filter(ApiRequest call) {
        return new LeadFilter(
                JsonFields.enumValue("status", call.query("status"), LeadStatus.class),
                call.query("cpId").map(text -> JsonFields.uuid("cpId", text)),
                call.query("stateCode"),
                call.query("q"),
                call.query("updatedSince").map(text -> JsonFields.instant("updatedSince", text)));
    }
}
