package com.cpnetwork.localruntime;

import com.cpnetwork.localruntime.azurite.Azurite;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** App settings: what the host exposes to functions, and where bindings find connection strings and %placeholders%. */
final class AppSettings {
    private static final Pattern PLACEHOLDER = Pattern.compile("%([^%]+)%");
    private static final String DEVELOPMENT_STORAGE = "UseDevelopmentStorage=true";

    private final Map<String, String> values;

    AppSettings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** Replaces each {@code %Name%} with that setting, as the host does in queue names, blob paths and schedules. */
    String resolve(String expression) {
        Matcher m = PLACEHOLDER.matcher(expression);
        StringBuilder resolved = new StringBuilder();
        while (m.find()) {
            String value = get(m.group(1))
                    .orElseThrow(() -> new IllegalArgumentException("'" + expression + "' names the app setting '" + m.group(1)
                            + "', which is not set"));
            m.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        return m.appendTail(resolved).toString();
    }

    /**
     * The storage connection string for a binding's {@code connection}: the setting of that name, else
     * {@code AzureWebJobs<name>} as the host also looks up; {@code UseDevelopmentStorage=true} means Azurite's defaults.
     */
    Optional<String> connectionString(String connection) {
        return get(connection)
                .or(() -> get("AzureWebJobs" + connection))
                .map(value -> value.trim().equalsIgnoreCase(DEVELOPMENT_STORAGE) ? Azurite.DEVELOPMENT_STORAGE : value);
    }

    /**
     * Sets each setting that is not already the environment's value as a system property, since a JVM cannot change its
     * own environment; returns how to put the previous values back.
     */
    Runnable publishAsSystemProperties() {
        Map<String, String> previous = new HashMap<>();
        values.forEach((name, value) -> {
            if (!value.equals(System.getenv(name))) {
                previous.put(name, System.setProperty(name, value));
            }
        });
        return () -> previous.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }
}
