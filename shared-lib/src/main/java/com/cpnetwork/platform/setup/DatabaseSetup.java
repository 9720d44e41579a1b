package com.cpnetwork.platform.setup;

import com.cpnetwork.platform.db.DatabaseSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings a database up to date as its owner: applies the versioned migrations, then makes sure the application's
 * login role exists, belongs to {@code cpnetwork_api}, and can neither bypass row-level security nor run forever.
 * A deploy step and the local start run this; function instances never do.
 */
public final class DatabaseSetup {

    static final String API_GROUP_ROLE = "cpnetwork_api";

    private DatabaseSetup() {
    }

    /** Applies pending migrations and prepares the login role; returns how many migrations ran. */
    public static int apply(DatabaseSettings app, String ownerUser, String ownerPassword) {
        if (app.user().equals(ownerUser)) {
            throw new IllegalArgumentException("DB_USER must not be the migration (owner) role " + ownerUser
                    + ": the application must not own the tables it is isolated by");
        }
        MigrateResult result = Flyway.configure()
                .dataSource(app.url(), ownerUser, ownerPassword)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        try (Connection connection = DriverManager.getConnection(app.url(), ownerUser, ownerPassword)) {
            prepareLoginRole(connection, app.user(), app.password());
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare the application role " + app.user() + ": " + e.getMessage(), e);
        }
        return result.migrationsExecuted;
    }

    private static void prepareLoginRole(Connection connection, String role, String password) throws SQLException {
        boolean exists = queryBoolean(connection, "SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = ?)", role);
        // Role names and passwords cannot be bound in DDL; format() quotes them (%I identifier, %L literal) server-side.
        execute(connection, render(connection, exists ? "ALTER ROLE %I WITH LOGIN PASSWORD %L" : "CREATE ROLE %I WITH LOGIN PASSWORD %L",
                role, password));
        execute(connection, render(connection, "GRANT " + API_GROUP_ROLE + " TO %I", role));
        execute(connection, render(connection, "ALTER ROLE %I SET statement_timeout = '15s'", role));
        execute(connection, render(connection, "ALTER ROLE %I SET idle_in_transaction_session_timeout = '60s'", role));
        if (queryBoolean(connection, "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = ?", role)) {
            throw new IllegalStateException("The application role " + role
                    + " is a superuser or has BYPASSRLS; row-level security would not apply to it");
        }
    }

    private static String render(Connection connection, String template, String... values) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT format(?");
        for (int i = 0; i < values.length; i++) {
            sql.append(", ?");
        }
        try (PreparedStatement statement = connection.prepareStatement(sql.append(')').toString())) {
            statement.setString(1, template);
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 2, values[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    private static boolean queryBoolean(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
