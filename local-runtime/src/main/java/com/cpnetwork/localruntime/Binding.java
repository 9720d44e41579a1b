package com.cpnetwork.localruntime;

import com.fasterxml.jackson.databind.JsonNode;

/** One entry of a function.json {@code bindings} array; {@code properties} holds it whole for the per-type fields. */
record Binding(String type, String direction, String name, JsonNode properties) {

    static Binding of(JsonNode node) {
        return new Binding(node.path("type").asText(), node.path("direction").asText(), node.path("name").asText(), node);
    }

    /** A per-type field such as {@code route}, {@code queueName} or {@code path}, or the fallback when absent. */
    String text(String key, String fallback) {
        JsonNode value = properties.get(key);
        return value == null || value.isNull() || value.asText().isEmpty() ? fallback : value.asText();
    }

    boolean flag(String key) {
        return properties.path(key).asBoolean(false);
    }

    boolean isHttpOutput() {
        return type.equalsIgnoreCase("http") && direction.equalsIgnoreCase("out");
    }
}
