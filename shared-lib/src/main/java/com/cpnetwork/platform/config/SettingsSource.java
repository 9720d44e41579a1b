package com.cpnetwork.platform.config;

import java.util.Map;
import java.util.Optional;

/**
 * Raw app settings as Azure delivers them: environment variables. The app never reads a {@code local.settings.json}
 * itself; the local runtime, like Core Tools, puts that file's {@code Values} into the environment of the process it
 * starts, so a deployed package cannot fall back to development values.
 */
public final class SettingsSource {

    private final Map<String, String> values;

    private SettingsSource(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static SettingsSource of(Map<String, String> values) {
        return new SettingsSource(values);
    }

    /** The process environment, as app settings reach a function app. */
    public static SettingsSource fromEnvironment() {
        return new SettingsSource(System.getenv());
    }

    /** The trimmed value, or empty when the setting is absent or blank. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }
}
