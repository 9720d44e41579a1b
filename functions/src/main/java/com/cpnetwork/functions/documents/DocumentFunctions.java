package com.cpnetwork.functions.documents;

import com.cpnetwork.documents.DocumentDeletion;
import com.cpnetwork.documents.DocumentService;
import com.cpnetwork.documents.KycReview;
import com.cpnetwork.documents.NewKycDocument;
import com.cpnetwork.documents.NewLeadDocument;
import com.cpnetwork.functions.BackendHolder;
import com.cpnetwork.functions.http.Api;
import com.cpnetwork.functions.http.PathIds;
import com.cpnetwork.functions.http.Reply;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.PageRequest;
import com.cpnetwork.platform.ratelimit.RateLimitGroup;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;

/** Documents: upload links for KYC and lead files, their metadata and review, download links and deletion. */
public final class DocumentFunctions {

    @FunctionName("RequestKycUpload")
    public HttpResponseMessage requestKycUpload(
            @HttpTrigger(name = "request", methods = HttpMethod.POST, route = "v1/kycDocuments", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            Caller caller = call.caller();
            call.admit(RateLimitGroup.UPLOAD_LINKS);
            return Reply.created(documents().requestKycUpload(caller, call.body(NewKycDocument.class)));
        });
    }

    @FunctionName("RequestLeadUpload")
    public HttpResponseMessage requestLeadUpload(
            @HttpTrigger(name = "request", methods = HttpMethod.POST, route = "v1/leadDocuments", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            Caller caller = call.caller();
            call.admit(RateLimitGroup.UPLOAD_LINKS);
            return Reply.created(documents().requestLeadUpload(caller, call.body(NewLeadDocument.class)));
        });
    }

    @FunctionName("ReviewKycDocument")
    public HttpResponseMessage review(
            @HttpTrigger(name = "request", methods = HttpMethod.PATCH, route = "v1/kycDocuments/{id}/review",
                    authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, @BindingName("id") String id, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            Caller caller = call.caller();
            return Reply.ok(documents().reviewKyc(caller, PathIds.uuid(id, "Document"), call.body(KycReview.class)));
        });
    }

    @FunctionName("GetDocument")
    public HttpResponseMessage get(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "v1/documents/{id}", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, @BindingName("id") String id, ExecutionContext context) {
        return Api.handle(request, context, call -> Reply.ok(documents().getDocument(call.caller(), PathIds.uuid(id, "Document"))));
    }

    @FunctionName("ListLeadDocuments")
    public HttpResponseMessage listForLead(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "v1/leads/{id}/documents", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, @BindingName("id") String id, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            Caller caller = call.caller();
            PageRequest page = call.readOptional(fields -> fields.page());
            return Reply.ok(documents().leadDocuments(caller, id, page));
        });
    }

    @FunctionName("ListKycDocuments")
    public HttpResponseMessage listForCustomer(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "v1/customers/{id}/kycDocuments",
                    authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, @BindingName("id") String id, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            Caller caller = call.caller();
            PageRequest page = call.readOptional(fields -> fields.page());
            return Reply.ok(documents().kycDocuments(caller, PathIds.uuid(id, "Customer"), page));
        });
    }

    @FunctionName("DownloadDocument")
    public HttpResponseMessage download(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "v1/documents/{id}/download",
                    authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, @BindingName("id") String id, ExecutionContext context) {
        return Api.handle(request, context, call -> Reply.ok(documents().downloadLink(call.caller(), PathIds.uuid(id, "Document"))));
    }

    @FunctionName("DeleteDocument")
    public HttpResponseMessage delete(
            @HttpTrigger(name = "request", methods = HttpMethod.DELETE, route = "v1/documents/{id}", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, @BindingName("id") String id, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            Caller caller = call.caller();
            documents().deleteDocument(caller, PathIds.uuid(id, "Document"), call.body(DocumentDeletion.class));
            return Reply.noContent();
        });
    }

    private static DocumentService documents() {
        return BackendHolder.get().documents().service();
    }
}
