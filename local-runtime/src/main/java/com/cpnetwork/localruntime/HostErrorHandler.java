package com.cpnetwork.localruntime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the requests the server refuses before any function runs (URI or headers too large, malformed or ambiguous
 * paths, bodies over the limit) with the status Jetty chose and a small JSON error envelope
 * {@code {"error": {code, message, details, requestId}}} plus an {@code X-Request-Id} header, instead of Jetty's HTML.
 */
final class HostErrorHandler extends ErrorHandler {
    private static final String REQUEST_ID = "X-Request-Id";
    /** A client's request id is echoed only when it cannot smuggle anything into headers or logs. */
    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    /** Codes for the statuses the server chooses itself; any other status gets its reason phrase in UPPER_SNAKE. */
    private static final Map<Integer, String> CODES = Map.of(
            HttpStatus.BAD_REQUEST_400, "BAD_REQUEST",
            HttpStatus.PAYLOAD_TOO_LARGE_413, "PAYLOAD_TOO_LARGE",
            HttpStatus.URI_TOO_LONG_414, "URI_TOO_LONG",
            HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431, "HEADERS_TOO_LARGE",
            HttpStatus.INTERNAL_SERVER_ERROR_500, "INTERNAL_ERROR");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every method gets the envelope (Jetty's default leaves PUT, PATCH and DELETE with an empty body). */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause, Callback callback) {
        String code = CODES.getOrDefault(status, HttpStatus.getMessage(status).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_"));
        // Jetty's 4xx messages name what is wrong with the request; a 5xx message may carry an exception's text.
        writeEnvelope(request, response, callback, code, status < 500 && message != null ? message : HttpStatus.getMessage(status));
    }

    /**
     * Writes {@code {"error": {code, message, details, requestId}}} with its {@code X-Request-Id} header; the status
     * is the caller's to set.
     */
    static void writeEnvelope(Request request, Response response, Callback callback, String code, String message) {
        String requestId = Optional.ofNullable(request.getHeaders().get(REQUEST_ID))
                .filter(id -> SAFE_REQUEST_ID.matcher(id).matches())
                .orElseGet(() -> UUID.randomUUID().toString());
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("details", Map.of());
        error.put("requestId", requestId);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(REQUEST_ID, requestId);
        response.write(true, ByteBuffer.wrap(toJson(Map.of("error", error))), callback);
    }

    private static byte[] toJson(Map<String, Object> body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An error envelope of strings cannot fail to serialize", e);
        }
    }
}
