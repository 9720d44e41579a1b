package com.cpnetwork.functions.http;

import com.cpnetwork.functions.BackendHolder;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.PageRequest;
import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.platform.errors.Unauthorized;
import com.cpnetwork.platform.json.Json;
import com.cpnetwork.platform.ratelimit.RateLimitGroup;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/** One HTTP call as an endpoint sees it: already size-checked, with its request id. */
public final class ApiRequest {

    private final String requestId;
    private final String method;
    private final String path;
    private final Map<String, String> headers;
    private final Map<String, String> query;
    private final String body;

    ApiRequest(String requestId, String method, String path, Map<String, String> headers, Map<String, String> query, String body) {
        this.requestId = requestId;
        this.method = method;
        this.path = path;
        this.headers = headers;
        this.query = query;
        this.body = body;
    }

    public String requestId() {
        return requestId;
    }

    public String method() {
        return method;
    }

    /** The path below the route prefix, e.g. {@code /v1/leads/LEAD-1000}. */
    public String path() {
        return path;
    }

    /** A header by case-insensitive name. */
    public Optional<String> header(String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    public Optional<String> query(String name) {
        return Optional.ofNullable(query.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** {@code limit} and {@code cursor} of a list request. */
    public PageRequest page() {
        return PageRequest.of(query("limit"), query("cursor"));
    }

    /** The caller named by the bearer access token; a missing or bad token is a 401. */
    public Caller caller() {
        String authorization = header("Authorization").orElse("");
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Unauthorized("MISSING_TOKEN", "Send an access token as 'Authorization: Bearer <token>'");
        }
        return BackendHolder.get().authentication().accessTokens().verify(authorization.substring(7).trim());
    }

    /**
     * The client's address as the platform's front end reports it: the last {@code X-Forwarded-For} entry (the one
     * the front end appended; earlier ones are whatever the client sent), without its port.
     */
    public String clientAddress() {
        String forwarded = header("X-Forwarded-For").orElse("");
        String last = forwarded.substring(forwarded.lastIndexOf(',') + 1).trim();
        if (last.isEmpty()) {
            return "unknown";
        }
        if (last.startsWith("[")) {
            return last.substring(1, Math.max(1, last.indexOf(']')));
        }
        return last.chars().filter(c -> c == ':').count() == 1 ? last.substring(0, last.indexOf(':')) : last;
    }

    /** Counts this request against the client's budget for {@code group}; over it, a 429. */
    public void admit(RateLimitGroup group) {
        BackendHolder.get().rateLimiter().admit(group, clientAddress());
    }

    /**
     * The JSON body as a tree; a missing or non-object body is a 400, and so is {@code "offline": true}: writes made
     * offline and replayed later would overwrite newer data, so the apps must send them again online.
     */
    public JsonNode jsonBody() {
        if (body == null || body.isBlank()) {
            throw new Invalid("MALFORMED_JSON", "The request body must be a JSON object");
        }
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new Invalid("MALFORMED_JSON", "The request body is not valid JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw new Invalid("MALFORMED_JSON", "The request body must be a JSON object");
        }
        if (tree.path("offline").asBoolean(false)) {
            throw new Invalid("OFFLINE_WRITE_REJECTED", "Changes made offline are not accepted; send them again while online");
        }
        return tree;
    }

    /** The JSON body as a tree, or an empty object when there is none (for optional bodies). */
    public JsonNode optionalJsonBody() {
        return body == null || body.isBlank() ? Json.MAPPER.createObjectNode() : jsonBody();
    }

    /** The JSON body bound to {@code type}; wrong types name the field, a malformed body is a 400 as well. */
    public <T> T body(Class<T> type) {
        return bind(jsonBody(), type);
    }

    /** Binds a JSON tree to {@code type}, turning binding errors into 400s that name the field. */
    public static <T> T bind(JsonNode tree, Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(tree, type);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof Invalid invalid) {
                throw invalid;
            }
            throw new Invalid("MALFORMED_JSON", "The request body could not be read");
        } catch (MismatchedInputException e) {
            throw Invalid.field(fieldPath(e), expectation(e));
        } catch (JsonProcessingException e) {
            throw new Invalid("MALFORMED_JSON", "The request body could not be read");
        }
    }

    private static String expectation(MismatchedInputException e) {
        Class<?> target = e.getTargetType();
        if (target == null) {
            return "has the wrong type";
        }
        if (target.isEnum()) {
            return "must be one of " + Arrays.stream(target.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
        }
        if (target == UUID.class) {
            return "must be an id (UUID)";
        }
        if (target == LocalDate.class) {
            return "must be a date YYYY-MM-DD";
        }
        if (target == BigDecimal.class || Number.class.isAssignableFrom(target) || target.isPrimitive() && target != boolean.class) {
            return "must be a number";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "must be true or false";
        }
        if (e instanceof InvalidFormatException || target == String.class) {
            return "must be a " + target.getSimpleName().toLowerCase();
        }
        return "has the wrong type";
    }

    private static String fieldPath(MismatchedInputException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "body" : path;
    }
}
