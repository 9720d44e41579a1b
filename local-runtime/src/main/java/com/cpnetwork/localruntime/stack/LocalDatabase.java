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
 * This checkout's PostgreSQL for local runs: started embedded (binaries from Maven Central) when {@code DB_URL} names
 * this machine, with its data kept in a directory between runs, on the port {@code DB_URL} names or, when that port is
 * 0, on the one remembered for the data folder.
 */
final class LocalDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final String url;
    private final String description;

    private LocalDatabase(EmbeddedPostgres postgres, String url, String description) {
        this.postgres = postgres;
        this.url = url;
        this.description = description;
    }

    /**
     * Starts PostgreSQL for {@code jdbcUrl}; empty when the URL names another machine.
     *
     * @throws IllegalStateException naming the port and the process holding it, when something listens there already
     */
    static Optional<LocalDatabase> startFor(String jdbcUrl, Path dataDirectory, PortsFile ports) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        if (!Ports.isLocal(uri.getHost())) {
            return Optional.empty();
        }
        StackPort port = uri.getPort() == 0 ? ports.port("database") : new StackPort(uri.getPort() < 0 ? 5432 : uri.getPort(),
                "database", "from DB_URL", "stop that process, set DB_URL's port to 0 to let this checkout choose one of its own,"
                        + " or set LOCAL_STACK_ATTACH=database to use that server as it is");
        port.requireFree();
        String database = uri.getPath().replaceFirst("^/", "");
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port.port())
                    .setServerConfig("max_connections", "200")
                    // The server's own log goes to <data>/postgres/log/ rather than nowhere: errors, and every statement
                    // while log_statement is switched on (the benchmark captures what each request sends that way).
                    .setServerConfig("logging_collector", "on")
                    .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                    .start();
            createDatabaseIfMissing(postgres, database);
            String url = "jdbc:postgresql://" + uri.getHost() + ":" + port.port() + uri.getRawPath()
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            return Optional.of(new LocalDatabase(postgres, url, "PostgreSQL 17 (embedded) on 127.0.0.1:" + port.port()
                    + " (" + port.origin() + "), database " + database + ", data in " + dataDirectory));
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded PostgreSQL did not start on port " + port.port(), e);
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

    /** {@code DB_URL} with the port this database listens on. */
    String url() {
        return url;
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
