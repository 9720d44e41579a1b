package com.cpnetwork.localruntime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parts of host.json the local runtime honours: the HTTP route prefix and the queue settings. */
record HostJson(String routePrefix, QueueSettings queues) {
    static final String DEFAULT_ROUTE_PREFIX = "api";
    private static final Pattern TIME_SPAN = Pattern.compile("(?:(\\d+)\\.)?(\\d{1,2}):(\\d{1,2}):(\\d{1,2})(?:\\.(\\d{1,7}))?");

    static HostJson defaults() {
        return new HostJson(DEFAULT_ROUTE_PREFIX, QueueSettings.defaults());
    }

    static HostJson read(Path file, ObjectMapper json) {
        if (!Files.isRegularFile(file)) {
            return defaults();
        }
        JsonNode root;
        try {
            root = json.readTree(file.toFile());
        } catch (IOException e) {
            throw new FunctionAppException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        JsonNode extensions = child(root, "extensions");
        JsonNode prefix = child(child(extensions, "http"), "routePrefix");
        try {
            return new HostJson(prefix.isTextual() ? prefix.asText() : DEFAULT_ROUTE_PREFIX,
                    queues(child(extensions, "queues")));
        } catch (IllegalArgumentException e) {
            throw new FunctionAppException("Invalid " + file + ": " + e.getMessage(), e);
        }
    }

    private static QueueSettings queues(JsonNode node) {
        QueueSettings defaults = QueueSettings.defaults();
        int batchSize = child(node, "batchSize").asInt(defaults.batchSize());
        return new QueueSettings(
                batchSize,
                child(node, "newBatchThreshold").asInt(batchSize / 2),
                child(node, "maxDequeueCount").asInt(defaults.maxDequeueCount()),
                timeSpan(child(node, "visibilityTimeout"), defaults.visibilityTimeout()),
                timeSpan(child(node, "maxPollingInterval"), defaults.maxPollingInterval()));
    }

    /** A .NET TimeSpan as host.json writes it: {@code [d.]hh:mm:ss[.fffffff]}. */
    static Duration parseTimeSpan(String text) {
        Matcher m = TIME_SPAN.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a time span (d.hh:mm:ss.fff): " + text);
        }
        String fraction = m.group(5) == null ? "0" : m.group(5);
        return Duration.ofDays(m.group(1) == null ? 0 : Long.parseLong(m.group(1)))
                .plusHours(Long.parseLong(m.group(2)))
                .plusMinutes(Long.parseLong(m.group(3)))
                .plusSeconds(Long.parseLong(m.group(4)))
                .plusNanos(Long.parseLong((fraction + "000000000").substring(0, 9)));
    }

    private static Duration timeSpan(JsonNode node, Duration fallback) {
        return node.isTextual() ? parseTimeSpan(node.asText()) : fallback;
    }

    /** host.json keys are case-insensitive, as in the host's configuration system. */
    private static JsonNode child(JsonNode node, String name) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue();
            }
        }
        return MissingNode.getInstance();
    }
}
