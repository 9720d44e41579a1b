package com.cpnetwork.platform.config;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Raw app settings as Azure delivers them: environment variables. The app never reads a {@code local.settings.json}
 * itself; the local runtime, like Core Tools, puts that file's {@code Values} into the environment of the process it
 * starts, so a deployed package cannot fall back to development values.
 */
public final class SettingsSource {

    private final Function<String, String> values;

    private SettingsSource(Function<String, String> values) {
        this.values = values;
    }

    public static SettingsSource of(Map<String, String> values) {
        return new SettingsSource(Map.copyOf(values)::get);
    }

    /** The process environment, as app settings reach a function app. */
    public static SettingsSource fromEnvironment() {
        return of(System.getenv());
    }

    /**
     * Settings looked up one name at a time in {@code lookup}, which answers null for a setting that is not set. Lets a
     * test see which settings the application asks for.
     */
    public static SettingsSource lookingUp(Function<String, String> lookup) {
        return new SettingsSource(lookup);
    }

    /** The trimmed value, or empty when the setting is absent or blank. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.apply(name)).map(String::trim).filter(v -> !v.isEmpty());
    }
}
