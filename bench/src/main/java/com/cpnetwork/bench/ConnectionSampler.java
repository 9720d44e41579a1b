package com.cpnetwork.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Samples, every 100 ms until it is stopped, how many connections the app instance holds open to PostgreSQL (its pool
 * names itself {@code cpnetwork}; pgbench and the owner's sessions do not count), labelled with the benchmark's
 * current phase ({@code run/phase}). Appends {@code phase, connections, active} to {@code run/connections.tsv}.
 */
public final class ConnectionSampler {

    public static void main(String[] args) throws Exception {
        BenchDir dir = BenchDir.fromSystemProperties();
        Path phase = dir.file("phase");
        Path out = dir.file("connections.tsv");
        try (Connection owner = dir.owner(); Statement statement = owner.createStatement()) {
            while (true) {
                try (ResultSet rows = statement.executeQuery("""
                        SELECT count(*), count(*) FILTER (WHERE state <> 'idle')
                          FROM pg_stat_activity WHERE application_name = 'cpnetwork'""")) {
                    rows.next();
                    String label = Files.exists(phase) ? Files.readString(phase, StandardCharsets.UTF_8).strip() : "";
                    Files.writeString(out, label + "\t" + rows.getInt(1) + "\t" + rows.getInt(2) + "\n", StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (IOException e) {
                    // The next sample tries again.
                }
                Thread.sleep(100);
            }
        }
    }
}
