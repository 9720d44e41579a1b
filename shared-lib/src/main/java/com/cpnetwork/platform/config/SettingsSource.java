package com.cpnetwork.platform.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Raw app settings as Azure delivers them: environment variables, with the {@code Values} of a
 * {@code local.settings.json} as a fallback for local runs. Environment variables win, as app settings do in Azure.
 */
public final class SettingsSource {

    /** Points at a local.settings.json other than the one in the working directory. */
    public static final String LOCAL_SETTINGS_FILE = "LOCAL_SETTINGS_FILE";

    private final Map<String, String> values;

    private SettingsSource(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static SettingsSource of(Map<String, String> values) {
        return new SettingsSource(values);
    }

    /** The process environment over {@code local.settings.json} (from {@value #LOCAL_SETTINGS_FILE}, else the working directory). */
    public static SettingsSource fromEnvironment() {
        return layered(System.getenv());
    }

    static SettingsSource layered(Map<String, String> env) {
        Path file = Path.of(env.getOrDefault(LOCAL_SETTINGS_FILE, "local.settings.json"));
        Map<String, String> merged = new HashMap<>(readLocalSettings(file));
        merged.putAll(env);
        return new SettingsSource(merged);
    }

    static Map<String, String> readLocalSettings(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            JsonNode valuesNode = new ObjectMapper().readTree(file.toFile()).path("Values");
            Map<String, String> result = new HashMap<>();
            valuesNode.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().asText()));
            return result;
        } catch (IOException e) {
            throw new SettingsException("local.settings.json at " + file.toAbsolutePath() + " is not valid JSON: " + e.getMessage());
        }
    }

    /** The trimmed value, or empty when the setting is absent or blank. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }
}
