package com.cpnetwork.functions.http;

import com.cpnetwork.functions.BackendHolder;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.platform.errors.Unauthorized;
import com.cpnetwork.platform.json.Json;
import com.cpnetwork.platform.ratelimit.RateLimitGroup;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/** One HTTP call as an endpoint sees it: already size-checked, with its request id. */
public final class ApiRequest {

    /** An IPv4 or IPv6 address, bracketed or not, with or without a port: nothing else is used as a rate-limit key. */
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.\\[\\]]{2,60}");

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
        if (last.isEmpty() || !ADDRESS.matcher(last).matches()) {
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
     * Builds what {@code reading} makes of the request's fields (JSON body and query), then refuses the request with
     * one 400 naming every invalid field, if any. The body must be a JSON object; {@code "offline": true} is refused
     * too: writes made offline and replayed later would overwrite newer data, so the apps must send them again online.
     */
    public <T> T read(Function<RequestFields, T> reading) {
        return readWith(jsonBody(), reading);
    }

    /** {@link #read} for requests whose body is optional (or absent, as on GET). */
    public <T> T readOptional(Function<RequestFields, T> reading) {
        return readWith(body == null || body.isBlank() ? Json.MAPPER.createObjectNode() : jsonBody(), reading);
    }

    /** For writes that take no body: a body sent anyway must still be JSON, and not an offline write. */
    public void refuseOfflineOrMalformedBody() {
        readOptional(fields -> fields);
    }

    /** Only the query values, for requests whose body is not a JSON object (or is read later with {@link #readArray}). */
    public <T> T readQuery(Function<RequestFields, T> reading) {
        return readWith(Json.MAPPER.createObjectNode(), reading);
    }

    /**
     * {@link #read} for a body that is a JSON array (Event Grid posts its events as one): the array is read as the
     * field {@code name} of an object, so every check and error message of {@link #read} applies, naming
     * {@code name[0].field}.
     */
    public <T> T readArray(String name, Function<RequestFields, T> reading) {
        JsonNode tree;
        try {
            tree = body == null || body.isBlank() ? null : Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new Invalid("MALFORMED_JSON", "The request body is not valid JSON, or has content after it or a key twice");
        }
        if (tree == null || !tree.isArray()) {
            throw new Invalid("MALFORMED_JSON", "The request body must be a JSON array");
        }
        return readWith(Json.MAPPER.createObjectNode().set(name, tree), reading);
    }

    /** The JSON body bound to a record; every invalid field is named in one 400. */
    public <T extends Record> T body(Class<T> type) {
        return read(fields -> fields.bind(type));
    }

    private <T> T readWith(JsonNode tree, Function<RequestFields, T> reading) {
        RequestFields fields = new RequestFields(tree, query);
        T result = reading.apply(fields);
        fields.verify();
        return result;
    }

    private JsonNode jsonBody() {
        if (body == null || body.isBlank()) {
            throw new Invalid("MALFORMED_JSON", "The request body must be a JSON object");
        }
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new Invalid("MALFORMED_JSON", "The request body is not valid JSON, or has content after it or a key twice");
        }
        if (tree == null || !tree.isObject()) {
            throw new Invalid("MALFORMED_JSON", "The request body must be a JSON object");
        }
        if (tree.path("offline").isBoolean() && tree.path("offline").booleanValue()) {
            throw new Invalid("OFFLINE_WRITE_REJECTED", "Changes made offline are not accepted; send them again while online");
        }
        return tree;
    }
}
