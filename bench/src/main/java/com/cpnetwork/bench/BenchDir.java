package com.cpnetwork.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's working folder ({@code -Dbench.dir}, {@code .bench/} by default): the data folder of the
 * {@code ./run-local} it measures (database, storage, outbox, ports.json) and, under {@code run/}, what the steps hand
 * each other: accounts and tokens, captured statements, results.
 */
final class BenchDir {

    static final ObjectMapper JSON = new ObjectMapper();

    final Path root;
    final Path run;

    private BenchDir(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.run = this.root.resolve("run");
    }

    static BenchDir fromSystemProperties() {
        return new BenchDir(Path.of(System.getProperty("bench.dir", ".bench")));
    }

    static String baseUrl() {
        return System.getProperty("bench.baseUrl", "http://localhost:7190");
    }

    Path outbox() {
        return root.resolve("outbox");
    }

    Path file(String name) {
        try {
            Files.createDirectories(run);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return run.resolve(name);
    }

    /** The app settings of the measured checkout (local.settings.json Values), for the operator key and the owner. */
    static Map<String, String> settings() {
        try {
            JsonNode values = JSON.readTree(Path.of("local.settings.json").toFile()).path("Values");
            return JSON.convertValue(values, JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class));
        } catch (IOException e) {
            throw new UncheckedIOException("local.settings.json (run the benchmark from the repository root)", e);
        }
    }

    /** The port of this data folder's PostgreSQL, as ./run-local remembered it. */
    int databasePort() {
        try {
            return JSON.readTree(root.resolve("ports.json").toFile()).path("database").asInt();
        } catch (IOException e) {
            throw new UncheckedIOException(root.resolve("ports.json") + " (is ./run-local --data " + root + " running?)", e);
        }
    }

    /** A connection as the schema owner (the migration user), which row-level security binds too (forced). */
    Connection owner() throws SQLException {
        Map<String, String> settings = settings();
        String url = "jdbc:postgresql://127.0.0.1:" + databasePort() + "/cpnetwork";
        return DriverManager.getConnection(url, settings.getOrDefault("DB_MIGRATION_USER", "postgres"),
                settings.getOrDefault("DB_MIGRATION_PASSWORD", ""));
    }

    static List<String[]> readTsv(Path file) {
        try {
            List<String[]> rows = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    rows.add(line.split("\t", -1));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeTsv(Path file, Iterable<? extends List<?>> rows) {
        StringBuilder text = new StringBuilder();
        for (List<?> row : rows) {
            Iterator<?> cells = row.iterator();
            while (cells.hasNext()) {
                text.append(cells.next());
                if (cells.hasNext()) {
                    text.append('\t');
                }
            }
            text.append('\n');
        }
        write(file, text.toString());
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
