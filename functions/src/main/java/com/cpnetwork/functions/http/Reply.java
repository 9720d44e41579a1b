package com.cpnetwork.functions.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an endpoint answers: a status, a body (serialized as JSON unless it is already text or bytes with a
 * content type), and extra headers.
 */
public record Reply(int status, Object body, String contentType, Map<String, String> headers) {

    public static final String JSON = "application/json; charset=utf-8";

    public Reply {
        headers = Map.copyOf(headers);
    }

    public static Reply ok(Object body) {
        return json(200, body);
    }

    public static Reply created(Object body) {
        return json(201, body);
    }

    public static Reply accepted(Object body) {
        return json(202, body);
    }

    public static Reply noContent() {
        return new Reply(204, null, null, Map.of());
    }

    public static Reply json(int status, Object body) {
        return new Reply(status, body, JSON, Map.of());
    }

    /** A body that is sent as it is (already-rendered JSON, HTML, CSV...). */
    public static Reply text(int status, String contentType, String body) {
        return new Reply(status, body, contentType, Map.of());
    }

    /** The error envelope's code, or {@code null} for a reply that is not an error. */
    @SuppressWarnings("unchecked")
    public String errorCode() {
        if (status < 400 || !(body instanceof Map<?, ?> map) || !(map.get("error") instanceof Map<?, ?> error)) {
            return null;
        }
        return (String) ((Map<String, Object>) error).get("code");
    }

    /** Bytes sent as they are, such as an already compressed file. */
    public static Reply bytes(int status, String contentType, byte[] body) {
        return new Reply(status, body, contentType, Map.of());
    }

    /** A 301 to {@code location}; a relative location resolves against the request's URL. */
    public static Reply movedPermanently(String location) {
        return new Reply(301, null, null, Map.of("Location", location));
    }

    public Reply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, body, contentType, more);
    }
}
