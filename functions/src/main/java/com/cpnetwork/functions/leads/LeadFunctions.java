package com.cpnetwork.functions.leads;

import com.cpnetwork.functions.BackendHolder;
import com.cpnetwork.functions.http.Api;
import com.cpnetwork.functions.http.RequestFields;
import com.cpnetwork.functions.http.Reply;
import com.cpnetwork.leads.LeadChanges;
import com.cpnetwork.leads.LeadFilter;
import com.cpnetwork.leads.LeadStatus;
import com.cpnetwork.leads.NewLead;
import com.cpnetwork.leads.ServiceRequest;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Page;
import com.cpnetwork.platform.PageRequest;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;
import java.util.UUID;

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
        return Api.handle(request, context, call -> {
            Caller caller = call.caller();
            Listing listing = call.readOptional(fields -> new Listing(filter(fields), fields.page()));
            return Reply.ok(BackendHolder.get().leads().listLeads(caller, listing.filter(), listing.page()));
        });
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
            LeadChanges changes = call.read(body -> new LeadChanges(body.enumValue("status", LeadStatus.class),
                    body.textPatch("remarks"), body.datePatch("followUpDate"), body.flag("override"),
                    body.text("overrideReason").orElse(null), body.text("lostReason").orElse(null)));
            return Reply.ok(BackendHolder.get().leads().changeLead(caller, id, changes));
        });
    }

    @FunctionName("ReassignLead")
    public HttpResponseMessage reassign(
            @HttpTrigger(name = "request", methods = HttpMethod.PATCH, route = "v1/leads/{id}/reassign", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, @BindingName("id") String id, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            Caller caller = call.caller();
            Reassignment reassignment = call.readOptional(fields -> new Reassignment(fields.queryUuid("cpId").orElseGet(() -> {
                fields.problem("cpId", "is required: ?cpId=<the CP's id>");
                return null;
            }), fields.flag("override"), fields.text("overrideReason").orElse(null)));
            return Reply.ok(BackendHolder.get().leads().reassignLead(caller, id, reassignment.cpId(), reassignment.override(),
                    reassignment.overrideReason()));
        });
    }

    @FunctionName("LeadHistory")
    public HttpResponseMessage history(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "v1/leads/{id}/history", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, @BindingName("id") String id, ExecutionContext context) {
        return Api.handle(request, context, call -> Reply.ok(new Page<>(BackendHolder.get().leads().history(call.caller(), id), null)));
    }

    private record Reassignment(UUID cpId, boolean override, String overrideReason) {
    }

    private record Listing(LeadFilter filter, PageRequest page) {
    }

    private static LeadFilter filter(RequestFields fields) {
        return new LeadFilter(fields.queryEnum("status", LeadStatus.class), fields.queryUuid("cpId"), fields.query("stateCode"),
                fields.query("q"), fields.queryInstant("updatedSince"));
    }
}
