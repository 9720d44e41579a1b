package com.cpnetwork.functions.operations;

import com.cpnetwork.functions.BackendHolder;
import com.cpnetwork.functions.http.Api;
import com.cpnetwork.functions.http.Reply;
import com.cpnetwork.platform.Caller;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The pipeline summary: leads, conversion, quotations, commissions and time in stage, scoped by role. */
public final class ReportFunctions {

    /** Without a period, the last 30 days. */
    private static final Duration DEFAULT_PERIOD = Duration.ofDays(30);

    @FunctionName("ReportSummary")
    public HttpResponseMessage summary(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "v1/reports/summary", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            Caller caller = call.caller();
            Period period = call.readOptional(fields -> new Period(fields.queryPeriodBound("from", false), fields.queryPeriodBound("to", true)));
            Instant to = period.to().orElseGet(Instant::now);
            Instant from = period.from().orElse(to.minus(DEFAULT_PERIOD));
            return Reply.ok(BackendHolder.get().pipelineReport().summary(caller, from, to));
        });
    }

    private record Period(Optional<Instant> from, Optional<Instant> to) {
    }
}
