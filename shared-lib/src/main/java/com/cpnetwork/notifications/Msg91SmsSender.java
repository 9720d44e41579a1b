package com.cpnetwork.notifications;

import com.cpnetwork.platform.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * SMS through MSG91's flow API ({@code POST /api/v5/flow}): a registered template id and its variables, the number in
 * international form without '+'. MSG91 answers 200 with {@code "type": "error"} for refusals, so the body is read.
 */
public final class Msg91SmsSender implements MessageSender {

    private final HttpClient http;
    private final URI endpoint;
    private final String authKey;
    private final String senderId;
    private final Function<String, Optional<String>> templateIds;

    /**
     * @param baseUri     {@code https://control.msg91.com} (or a stub in tests)
     * @param templateIds template name → MSG91 template id
     */
    public Msg91SmsSender(HttpClient http, URI baseUri, String authKey, String senderId, Function<String, Optional<String>> templateIds) {
        this.http = http;
        this.endpoint = baseUri.resolve("/api/v5/flow");
        this.authKey = authKey;
        this.senderId = senderId;
        this.templateIds = templateIds;
    }

    @Override
    public void send(Notification notification) {
        String templateId = templateIds.apply(notification.template())
                .orElseThrow(() -> new DeliveryFailed("No MSG91 template id configured for " + notification.template()));
        Map<String, Object> recipient = new LinkedHashMap<>(notification.variables());
        recipient.put("mobiles", notification.to().replace("+", ""));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("template_id", templateId);
        body.put("sender", senderId);
        body.put("short_url", "0");
        body.put("recipients", List.of(recipient));
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(10))
                .header("authkey", authKey)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body)))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode answer = Json.MAPPER.readTree(response.body().isBlank() ? "{}" : response.body());
            if (response.statusCode() >= 300 || !"success".equals(answer.path("type").asText())) {
                throw new DeliveryFailed("MSG91 answered " + response.statusCode() + " " + answer.path("message").asText());
            }
        } catch (IOException e) {
            throw new DeliveryFailed("MSG91 could not be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailed("Interrupted while sending an SMS", e);
        }
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
