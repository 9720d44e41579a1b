package com.cpnetwork.functions.quotations;

import com.cpnetwork.functions.BackendHolder;
import com.cpnetwork.functions.http.Api;
import com.cpnetwork.functions.http.Reply;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Page;
import com.cpnetwork.platform.PageRequest;
import com.cpnetwork.quotations.AcceptanceContext;
import com.cpnetwork.quotations.NewQuotation;
import com.cpnetwork.quotations.Proposal;
import com.cpnetwork.quotations.QuotationChanges;
import com.cpnetwork.quotations.QuotationStatus;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;

/** Quotations: drafted and frozen for a lead, shared with its customer, accepted or rejected, with their proposal PDFs. */
public final class QuotationFunctions {

    @FunctionName("CreateQuotation")
    public HttpResponseMessage create(
            @HttpTrigger(name = "request", methods = HttpMethod.POST, route = "v1/quotations", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            Caller caller = call.caller();
            return Reply.created(BackendHolder.get().quotations().createQuotation(caller, call.body(NewQuotation.class)));
        });
    }

    @FunctionName("ListQuotations")
    public HttpResponseMessage list(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "v1/quotations", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            Caller caller = call.caller();
            Listing listing = call.readOptional(fields -> new Listing(fields.query("leadId"), fields.queryEnum("status", QuotationStatus.class),
                    fields.page()));
            return Reply.ok(BackendHolder.get().quotations().listQuotations(caller, listing.leadId(), listing.status(), listing.page()));
        });
    }

    @FunctionName("GetQuotation")
    public HttpResponseMessage get(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "v1/quotations/{id}", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, @BindingName("id") String id, ExecutionContext context) {
        return Api.handle(request, context, call -> Reply.ok(BackendHolder.get().quotations().getQuotation(call.caller(), id)));
    }

    @FunctionName("UpdateQuotation")
    public HttpResponseMessage update(
            @HttpTrigger(name = "request", methods = HttpMethod.PATCH, route = "v1/quotations/{id}", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, @BindingName("id") String id, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            Caller caller = call.caller();
            return Reply.ok(BackendHolder.get().quotations().changeQuotation(caller, id, call.body(QuotationChanges.class)));
        });
    }

    @FunctionName("QuotationVersions")
    public HttpResponseMessage versions(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "v1/quotations/{id}/versions", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, @BindingName("id") String id, ExecutionContext context) {
        return Api.handle(request, context, call -> Reply.ok(new Page<>(BackendHolder.get().quotations().versions(call.caller(), id), null)));
    }

    @FunctionName("ShareQuotation")
    public HttpResponseMessage share(
            @HttpTrigger(name = "request", methods = HttpMethod.PATCH, route = "v1/quotations/{id}/share", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, @BindingName("id") String id, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            Caller caller = call.caller();
            call.refuseOfflineOrMalformedBody();
            return Reply.ok(BackendHolder.get().quotations().shareQuotation(caller, id));
        });
    }

    @FunctionName("AcceptQuotation")
    public HttpResponseMessage accept(
            @HttpTrigger(name = "request", methods = HttpMethod.PATCH, route = "v1/quotations/{id}/accept", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, @BindingName("id") String id, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            Caller caller = call.caller();
            OnBehalf onBehalf = call.readOptional(fields -> new OnBehalf(fields.flag("override"), fields.text("overrideReason").orElse(null)));
            AcceptanceContext from = new AcceptanceContext(call.clientAddress(), call.header("User-Agent").orElse(null));
            return Reply.ok(BackendHolder.get().quotations().acceptQuotation(caller, id, onBehalf.override(), onBehalf.reason(), from));
        });
    }

    @FunctionName("RejectQuotation")
    public HttpResponseMessage reject(
            @HttpTrigger(name = "request", methods = HttpMethod.PATCH, route = "v1/quotations/{id}/reject", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, @BindingName("id") String id, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            Caller caller = call.caller();
            String reason = call.readOptional(fields -> fields.text("reason").orElse(null));
            return Reply.ok(BackendHolder.get().quotations().rejectQuotation(caller, id, reason));
        });
    }

    @FunctionName("QuotationAcceptance")
    public HttpResponseMessage acceptance(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "v1/quotations/{id}/acceptance", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, @BindingName("id") String id, ExecutionContext context) {
        return Api.handle(request, context, call -> Reply.ok(BackendHolder.get().quotations().acceptance(call.caller(), id)));
    }

    @FunctionName("QuotationPdf")
    public HttpResponseMessage pdf(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "v1/quotations/{id}/pdf", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, @BindingName("id") String id, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            Proposal proposal = BackendHolder.get().quotations().proposal(call.caller(), id);
            return proposal.isReady() ? Reply.ok(proposal) : Reply.accepted(proposal);
        });
    }

    @FunctionName("RegenerateQuotationPdf")
    public HttpResponseMessage regeneratePdf(
            @HttpTrigger(name = "request", methods = HttpMethod.POST, route = "v1/quotations/{id}/pdf", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, @BindingName("id") String id, ExecutionContext context) {
        return Api.handle(request, context, call -> Reply.accepted(BackendHolder.get().quotations().requestProposal(call.caller(), id)));
    }

    private record Listing(Optional<String> leadId, Optional<QuotationStatus> status, PageRequest page) {
    }

    /** An admin accepting on the customer's behalf says so, and why. */
    private record OnBehalf(boolean override, String reason) {
    }
}
