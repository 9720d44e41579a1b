package com.cpnetwork.functions.commissions;

import com.cpnetwork.commissions.CommissionChanges;
import com.cpnetwork.commissions.CommissionStatus;
import com.cpnetwork.commissions.Payment;
import com.cpnetwork.functions.BackendHolder;
import com.cpnetwork.functions.http.Api;
import com.cpnetwork.functions.http.Reply;
import com.cpnetwork.platform.Caller;
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

/** Commissions: what CPs earn on executed leads, approved, paid, overwritten by admins, and the payout file. */
public final class CommissionFunctions {

    @FunctionName("ListCommissions")
    public HttpResponseMessage list(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "v1/commissions", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            Caller caller = call.caller();
            Listing listing = call.readOptional(fields -> new Listing(fields.queryEnum("status", CommissionStatus.class),
                    fields.queryUuid("cpId"), fields.query("leadId"), fields.page()));
            return Reply.ok(BackendHolder.get().commissions().listCommissions(caller, listing.status(), listing.cpId(), listing.leadId(),
                    listing.page()));
        });
    }

    @FunctionName("PayoutsCsv")
    public HttpResponseMessage payouts(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "v1/commissions/payouts.csv", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> Reply.text(200, "text/csv; charset=utf-8",
                BackendHolder.get().commissions().payoutsCsv(call.caller())).withHeader("Content-Disposition", "attachment; filename=\"payouts.csv\""));
    }

    @FunctionName("GetCommission")
    public HttpResponseMessage get(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "v1/commissions/{id}", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, @BindingName("id") String id, ExecutionContext context) {
        return Api.handle(request, context, call -> Reply.ok(BackendHolder.get().commissions().getCommission(call.caller(), id)));
    }

    @FunctionName("ApproveCommission")
    public HttpResponseMessage approve(
            @HttpTrigger(name = "request", methods = HttpMethod.PATCH, route = "v1/commissions/{id}/approve", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, @BindingName("id") String id, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            Caller caller = call.caller();
            call.refuseOfflineOrMalformedBody();
            return Reply.ok(BackendHolder.get().commissions().approve(caller, id));
        });
    }

    @FunctionName("MarkCommissionPaid")
    public HttpResponseMessage markPaid(
            @HttpTrigger(name = "request", methods = HttpMethod.PATCH, route = "v1/commissions/{id}/markPaid", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, @BindingName("id") String id, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            Caller caller = call.caller();
            return Reply.ok(BackendHolder.get().commissions().markPaid(caller, id, call.body(Payment.class)));
        });
    }

    @FunctionName("UpdateCommission")
    public HttpResponseMessage update(
            @HttpTrigger(name = "request", methods = HttpMethod.PATCH, route = "v1/commissions/{id}", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, @BindingName("id") String id, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            Caller caller = call.caller();
            return Reply.ok(BackendHolder.get().commissions().overwrite(caller, id, call.body(CommissionChanges.class)));
        });
    }

    private record Listing(Optional<CommissionStatus> status, Optional<UUID> cpId, Optional<String> leadId, PageRequest page) {
    }
}
