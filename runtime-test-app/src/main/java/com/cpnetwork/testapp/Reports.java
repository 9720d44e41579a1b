package com.cpnetwork.testapp;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.UUID;

/**
 * Writes what a function saw as one JSON file per invocation into the directory named by the app setting
 * {@code REPORT_DIR}, so that tests running the app in another class loader can read it back.
 */
final class Reports {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Reports() {
    }

    static void write(String function, Map<String, ?> fields) {
        String dir = setting("REPORT_DIR");
        if (dir == null) {
            return;
        }
        try {
            Path target = Path.of(dir, function + "-" + System.nanoTime() + "-" + UUID.randomUUID() + ".json");
            // Written aside and moved, so a reader never sees half a file.
            Path partial = Files.createTempFile(Path.of(dir), ".report", ".tmp");
            JSON.writeValue(partial.toFile(), fields);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** App settings arrive as environment variables on Azure and as system properties in the local runtime. */
    static String setting(String name) {
        String value = System.getenv(name);
        return value != null ? value : System.getProperty(name);
    }
}
