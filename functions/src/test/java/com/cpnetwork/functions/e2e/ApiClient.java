package com.cpnetwork.functions.e2e;

import com.cpnetwork.platform.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Plain HTTP against the running app, as an app or a black-box test would call it. */
public final class ApiClient {

    /** A response with its JSON body parsed (a missing node when the body is empty or not JSON). */
    public record Response(int status, Map<String, String> headers, String text, JsonNode json) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }

        public String errorCode() {
            return json.at("/error/code").asText();
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The absolute URL of {@code path} below the route prefix, as a browser would open it. */
    public String url(String path) {
        return baseUrl + "/api" + path;
    }

    public Response get(String path, String token) {
        return send("GET", path, null, token, Map.of());
    }

    public Response post(String path, Object body, String token) {
        return send("POST", path, body, token, Map.of());
    }

    public Response patch(String path, Object body, String token) {
        return send("PATCH", path, body, token, Map.of());
    }

    /** {@code body}: a String is sent as is, anything else as JSON. */
    public Response send(String method, String path, Object body, String token, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/api" + path)).timeout(Duration.ofSeconds(30));
        String payload = body == null ? null : body instanceof String text ? text : json(body);
        request.method(method, payload == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(payload));
        if (payload != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        HttpResponse<String> response = exchange(request.build(), HttpResponse.BodyHandlers.ofString());
        Map<String, String> flat = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> flat.put(name.toLowerCase(), String.join(", ", values)));
        return new Response(response.statusCode(), flat, response.body(), parse(response.body()));
    }

    /** A GET whose body is kept as bytes, for bodies that are not text (compressed ones). */
    public HttpResponse<byte[]> getBytes(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/api" + path)).timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        return exchange(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request, body);
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? MissingNode.getInstance() : Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private static String json(Object body) {
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
