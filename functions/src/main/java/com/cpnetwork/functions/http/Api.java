package com.cpnetwork.functions.http;

import com.cpnetwork.platform.config.SettingsException;
import com.cpnetwork.platform.errors.DomainException;
import com.cpnetwork.platform.errors.SafeErrorDescription;
import com.cpnetwork.platform.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import com.microsoft.azure.functions.TraceContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The pipeline every HTTP function goes through: request id, body size limit, the endpoint, the error envelope,
 * one structured log line (method, function, status, duration, error code; request, invocation and trace ids).
 * Function methods call {@link #handle} and nothing else.
 */
public final class Api {

    public static final int MAX_BODY_BYTES = 1024 * 1024;
    public static final String REQUEST_ID = "X-Request-Id";

    private static final Logger log = LoggerFactory.getLogger(Api.class);
    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private Api() {
    }

    public static HttpResponseMessage handle(HttpRequestMessage<Optional<String>> request, ExecutionContext context, Endpoint endpoint) {
        String requestId = requestIdOf(request.getHeaders());
        String method = request.getHttpMethod().name();
        MDC.put("requestId", requestId);
        MDC.put("invocationId", context.getInvocationId());
        MDC.put("function", context.getFunctionName());
        traceIdOf(context).ifPresent(traceId -> MDC.put("traceId", traceId));
        long started = System.nanoTime();
        Reply reply = null;
        try {
            reply = answer(request, endpoint, requestId, method);
            return toResponse(request, reply, requestId);
        } finally {
            int status = reply == null ? 500 : reply.status();
            // The path is not logged: it may carry what a client typed (a phone, an email); the function names the route.
            log.atInfo().addKeyValue("method", method).addKeyValue("status", status)
                    .addKeyValue("durationMs", (System.nanoTime() - started) / 1_000_000)
                    .addKeyValue("errorCode", reply == null ? "INTERNAL_ERROR" : reply.errorCode())
                    .log("{} {} answered {}", method, context.getFunctionName(), status);
            MDC.clear();
        }
    }

    private static Reply answer(HttpRequestMessage<Optional<String>> request, Endpoint endpoint, String requestId, String method) {
        String body = request.getBody() == null ? null : request.getBody().orElse(null);
        if (body != null && body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            return ErrorReplies.of(413, "PAYLOAD_TOO_LARGE", "The request body is larger than 1 MiB", requestId);
        }
        try {
            return endpoint.handle(new ApiRequest(requestId, method, request.getUri().getPath().replaceFirst("^/api", ""),
                    request.getHeaders(), request.getQueryParameters(), body));
        } catch (DomainException e) {
            return ErrorReplies.of(e, requestId);
        } catch (SettingsException e) {
            log.error("The app settings are invalid: {}", e.getMessage());
            return ErrorReplies.internalError(requestId);
        } catch (RuntimeException | LinkageError e) {
            log.atError().addKeyValue("error", SafeErrorDescription.of(e)).log("Unhandled error");
            return ErrorReplies.internalError(requestId);
        }
    }

    /** The W3C trace id of the invocation (Application Insights' operation id), when the host passed a trace context. */
    static Optional<String> traceIdOf(ExecutionContext context) {
        TraceContext trace = context.getTraceContext();
        String traceparent = trace == null ? null : trace.getTraceparent();
        if (traceparent == null || !TRACEPARENT.matcher(traceparent).matches()) {
            return Optional.empty();
        }
        return Optional.of(traceparent.substring(3, 35));
    }

    private static HttpResponseMessage toResponse(HttpRequestMessage<Optional<String>> request, Reply reply, String requestId) {
        HttpResponseMessage.Builder response = request.createResponseBuilder(HttpStatusType.custom(reply.status()))
                .header(REQUEST_ID, requestId)
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-store");
        reply.headers().forEach(response::header);
        if (reply.body() != null) {
            response.header("Content-Type", reply.contentType()).body(render(reply));
        }
        return response.build();
    }

    private static Object render(Reply reply) {
        if (reply.body() instanceof String || reply.body() instanceof byte[]) {
            return reply.body();
        }
        try {
            return Json.MAPPER.writeValueAsString(reply.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Reply body cannot be written as JSON", e);
        }
    }

    /** Echoes a well-formed client request id (so logs can be joined), else makes a new one. */
    static String requestIdOf(Map<String, String> headers) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(REQUEST_ID))
                .map(Map.Entry::getValue)
                .filter(v -> v != null && SAFE_REQUEST_ID.matcher(v).matches())
                .findFirst()
                .orElseGet(() -> UUID.randomUUID().toString());
    }
}
