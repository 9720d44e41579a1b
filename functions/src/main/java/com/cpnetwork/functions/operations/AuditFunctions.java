package com.cpnetwork.functions.operations;

import com.cpnetwork.audit.AuditFilter;
import com.cpnetwork.audit.AuditLog;
import com.cpnetwork.audit.EntityType;
import com.cpnetwork.functions.BackendHolder;
import com.cpnetwork.functions.http.Api;
import com.cpnetwork.functions.http.Reply;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.functions.http.RequestFields;
import com.cpnetwork.platform.PageRequest;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.time.Instant;
import java.util.Optional;

/** The audit trail for admins: filtered pages and the CSV export for auditors. */
public final class AuditFunctions {

    @FunctionName("ListAudit")
    public HttpResponseMessage list(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "v1/audit", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            Caller caller = call.caller();
            Listing listing = call.readOptional(fields -> new Listing(new AuditFilter(fields.queryEnum("entityType", EntityType.class),
                    fields.query("entityId"), fields.queryUuid("actorId"), fields.queryPeriodBound("from", false),
                    fields.queryPeriodBound("to", true)), fields.page()));
            return Reply.ok(BackendHolder.get().auditLog().list(caller, listing.filter(), listing.page()));
        });
    }

    /** 303 to a short-lived link of the CSV in Blob storage: a client that follows it receives {@code text/csv}. */
    @FunctionName("ExportAudit")
    public HttpResponseMessage export(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "v1/audit/export", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            Caller caller = call.caller();
            Period period = call.readOptional(fields -> new Period(required(fields.queryPeriodBound("from", false), "from", fields),
                    required(fields.queryPeriodBound("to", true), "to", fields)));
            AuditLog.Export export = BackendHolder.get().auditLog().export(caller, period.from(), period.to());
            return Reply.json(303, export).withHeader("Location", export.url().toString());
        });
    }

    private static Instant required(Optional<Instant> value, String name, RequestFields fields) {
        if (value.isEmpty()) {
            fields.problem(name, "is required");
        }
        return value.orElse(null);
    }

    private record Listing(AuditFilter filter, PageRequest page) {
    }

    private record Period(Instant from, Instant to) {
    }
}
