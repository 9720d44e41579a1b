package com.cpnetwork.localruntime.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * PostgreSQL for local runs: started embedded (binaries from Maven Central) when {@code DB_URL} points at this
 * machine and nothing listens on its port yet, with its data kept in a directory between runs.
 */
final class LocalDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final String description;

    private LocalDatabase(EmbeddedPostgres postgres, String description) {
        this.postgres = postgres;
        this.description = description;
    }

    /** Starts PostgreSQL for {@code jdbcUrl} if it is local and not running; empty when someone else serves it. */
    static Optional<LocalDatabase> startFor(String jdbcUrl, Path dataDirectory) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String database = uri.getPath().replaceFirst("^/", "");
        if (!Ports.isLocal(uri.getHost()) || Ports.inUse(port)) {
            return Optional.empty();
        }
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("max_connections", "200")
                    .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                    .start();
            createDatabaseIfMissing(postgres, database);
            return Optional.of(new LocalDatabase(postgres, "PostgreSQL 17 (embedded) on 127.0.0.1:" + port + ", database " + database
                    + ", data in " + dataDirectory));
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded PostgreSQL did not start on port " + port, e);
        }
    }

    private static void createDatabaseIfMissing(EmbeddedPostgres postgres, String database) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, database);
                try (ResultSet rows = exists.executeQuery()) {
                    if (rows.next()) {
                        return;
                    }
                }
            }
            String create;
            try (PreparedStatement quote = connection.prepareStatement("SELECT format('CREATE DATABASE %I', ?)")) {
                quote.setString(1, database);
                try (ResultSet rows = quote.executeQuery()) {
                    rows.next();
                    create = rows.getString(1);
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute(create);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the database " + database + ": " + e.getMessage(), e);
        }
    }

    String description() {
        return description;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
