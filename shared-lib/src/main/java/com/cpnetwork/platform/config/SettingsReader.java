package com.cpnetwork.platform.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Typed reads over a {@link SettingsSource} that collect every problem, so one start-up failure names all the
 * settings to fix instead of the first one.
 */
public final class SettingsReader {

    private final SettingsSource source;
    private final List<String> problems = new ArrayList<>();

    public SettingsReader(SettingsSource source) {
        this.source = source;
    }

    /**
     * A setting's value. An Azure Key Vault reference the platform could not resolve stays in the setting as its
     * literal text; that text is guessable, so it must never be taken for the secret: it counts as a problem.
     */
    private Optional<String> value(String name) {
        Optional<String> value = source.get(name);
        if (value.isPresent() && value.get().startsWith("@Microsoft.KeyVault(")) {
            problems.add(name + " is a Key Vault reference that did not resolve; check the app's access to the vault");
            return Optional.empty();
        }
        return value;
    }

    public String required(String name) {
        Optional<String> value = value(name);
        if (value.isEmpty()) {
            problems.add(name + " is required but not set");
            return "";
        }
        return value.get();
    }

    public Optional<String> optional(String name) {
        return value(name);
    }

    public String optional(String name, String fallback) {
        return value(name).orElse(fallback);
    }

    public int integer(String name, int fallback, int min, int max) {
        Optional<String> raw = value(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value < min || value > max) {
                problems.add(name + " must be between " + min + " and " + max + " but is " + value);
                return fallback;
            }
            return value;
        } catch (NumberFormatException e) {
            problems.add(name + " must be a whole number but is '" + raw.get() + "'");
            return fallback;
        }
    }

    public boolean flag(String name, boolean fallback) {
        Optional<String> raw = value(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        return switch (raw.get().toLowerCase()) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> {
                problems.add(name + " must be true or false but is '" + raw.get() + "'");
                yield fallback;
            }
        };
    }

    public Optional<URI> optionalUri(String name) {
        Optional<String> raw = value(name);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create(raw.get());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return Optional.of(uri);
        } catch (IllegalArgumentException e) {
            problems.add(name + " must be an absolute URL but is '" + raw.get() + "'");
            return Optional.empty();
        }
    }

    public Path path(String name, String fallback) {
        return Path.of(value(name).orElse(fallback));
    }

    /** Records a problem found by a caller's own rule (e.g. two settings that only work together). */
    public void problem(String message) {
        problems.add(message);
    }

    /** Throws a {@link SettingsException} naming every problem seen so far. */
    public void verify() {
        if (!problems.isEmpty()) {
            throw new SettingsException("Invalid app settings: " + String.join("; ", problems));
        }
    }
}
