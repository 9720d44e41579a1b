package com.cpnetwork.functions.http;

import com.cpnetwork.platform.errors.Conflict;
import com.cpnetwork.platform.errors.DomainException;
import com.cpnetwork.platform.errors.Forbidden;
import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.platform.errors.NotFound;
import com.cpnetwork.platform.errors.RateLimited;
import com.cpnetwork.platform.errors.Unauthorized;
import com.cpnetwork.platform.errors.Unavailable;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one place where errors become the API's envelope: {@code {"error": {code, message, details, requestId}}}. */
public final class ErrorReplies {

    private ErrorReplies() {
    }

    public static Reply of(int status, String code, String message, Map<String, Object> details, String requestId) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("details", details);
        error.put("requestId", requestId);
        return Reply.json(status, Map.of("error", error));
    }

    public static Reply of(int status, String code, String message, String requestId) {
        return of(status, code, message, Map.of(), requestId);
    }

    /** The envelope for a domain refusal, with {@code Retry-After} where the client should wait. */
    public static Reply of(DomainException e, String requestId) {
        Reply reply = of(statusOf(e), e.code(), e.getMessage(), e.details(), requestId);
        if (e instanceof RateLimited limited) {
            return reply.withHeader("Retry-After", Long.toString(Math.max(1, limited.retryAfter().toSeconds())));
        }
        if (e instanceof Unavailable) {
            return reply.withHeader("Retry-After", "5");
        }
        return reply;
    }

    public static Reply internalError(String requestId) {
        return of(500, "INTERNAL_ERROR", "Something went wrong on our side; the request id identifies it", requestId);
    }

    static int statusOf(DomainException e) {
        if (e instanceof Invalid) {
            return 400;
        } else if (e instanceof Unauthorized) {
            return 401;
        } else if (e instanceof Forbidden) {
            return 403;
        } else if (e instanceof NotFound) {
            return 404;
        } else if (e instanceof Conflict) {
            return 409;
        } else if (e instanceof RateLimited) {
            return 429;
        } else if (e instanceof Unavailable) {
            return 503;
        }
        throw new IllegalArgumentException("Unmapped domain error " + e.getClass().getName());
    }
}
