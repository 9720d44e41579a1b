package com.cpnetwork.platform.db;

import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.errors.Unavailable;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.statement.StatementException;

/**
 * The connection pool and the one way to run work against it: a transaction callback that commits when the
 * callback returns and rolls back when it throws. Built once per JVM; thread-safe.
 */
public final class Database implements AutoCloseable {

    private static final String SET_SCOPE = """
            SELECT set_config('app.org_id', ?, true),
                   set_config('app.user_id', ?, true),
                   set_config('app.role', ?, true),
                   set_config('app.scope', ?, true)""";

    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final CallerCheck callerCheck;

    private Database(HikariDataSource pool, CallerCheck callerCheck) {
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
        this.callerCheck = callerCheck;
        // Instants travel as timestamptz in UTC, whatever the JVM's or the session's time zone.
        jdbi.registerArgument(new AbstractArgumentFactory<Instant>(Types.TIMESTAMP_WITH_TIMEZONE) {
            @Override
            protected Argument build(Instant value, ConfigRegistry config) {
                return (position, statement, context) -> statement.setObject(position, value.atOffset(ZoneOffset.UTC));
            }
        });
        jdbi.registerArrayType(UUID.class, "uuid");
        jdbi.registerArrayType(String.class, "text");
        jdbi.registerColumnMapper(Instant.class, (row, column, context) -> {
            OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
            return value == null ? null : value.toInstant();
        });
    }

    /** A pool whose caller transactions skip the account check; for tests and tools that act below the API. */
    public static Database connect(DatabaseSettings settings) {
        return connect(settings, (handle, caller) -> { });
    }

    /**
     * Creates the pool without connecting, so a cold start with the database down still answers (health says 503).
     * {@code callerCheck} runs first in every {@link #asCaller} transaction.
     */
    public static Database connect(DatabaseSettings settings, CallerCheck callerCheck) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("cpnetwork");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(1);
        config.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
        config.setValidationTimeout(Duration.ofSeconds(2).toMillis());
        config.setMaxLifetime(Duration.ofMinutes(30).toMillis());
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("ApplicationName", "cpnetwork");
        config.addDataSourceProperty("connectTimeout", "5");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        if (settings.transactionPooler()) {
            // PgBouncer in transaction mode hands each transaction any server connection: no named statements.
            config.addDataSourceProperty("prepareThreshold", "0");
        }
        return new Database(new HikariDataSource(config), callerCheck);
    }

    /** The pool, for libraries that manage their own statements (the rate limiter). */
    public javax.sql.DataSource dataSource() {
        return pool;
    }

    /**
     * Runs {@code work} for an authenticated caller: scoped to their organization, after the {@link CallerCheck}
     * has confirmed in the same transaction that the account may still act (not blocked, still active).
     */
    public <T> T asCaller(Caller caller, HandleCallback<T, RuntimeException> work) {
        return inTransaction(TransactionScope.user(caller.orgId(), caller.userId(), caller.role().name()), handle -> {
            callerCheck.verify(handle, caller);
            return work.withHandle(handle);
        });
    }

    /** Within a {@link TransactionScope.SignIn} transaction, switches to the found account's organization. */
    public static void narrowTo(Handle handle, UUID orgId, UUID userId, String role) {
        applyScope(handle, TransactionScope.user(orgId, userId, role));
    }

    /** Runs {@code work} in one transaction limited to {@code scope}; domain exceptions pass through after rollback. */
    public <T> T inTransaction(TransactionScope scope, HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.inTransaction(handle -> {
                applyScope(handle, scope);
                return work.withHandle(handle);
            });
        } catch (ConnectionException e) {
            throw new Unavailable("database", e);
        } catch (StatementException e) {
            if (isConnectionFailure(e.getCause())) {
                throw new Unavailable("database", e);
            }
            throw e;
        }
    }

    /**
     * Deletes the rows of {@code table} matching {@code condition}, at most {@code batchSize} per transaction so a
     * large purge never holds long locks; returns how many. Deleting what is already gone does nothing, so two purges
     * at once are harmless. {@code table} and {@code condition} are constant SQL of the caller; values are bound from
     * {@code parameters}.
     */
    public int deleteInBatches(TransactionScope scope, String table, String condition, Map<String, ?> parameters, int batchSize) {
        String sql = "DELETE FROM " + table + " WHERE ctid IN (SELECT ctid FROM " + table + " WHERE " + condition
                + " LIMIT " + batchSize + ")";
        int total = 0;
        int batch;
        do {
            batch = inTransaction(scope, handle -> handle.createUpdate(sql).bindMap(parameters).execute());
            total += batch;
        } while (batch == batchSize);
        return total;
    }

    /** True when a connection can be borrowed and answers within {@code timeout}. */
    public boolean isReachable(Duration timeout) {
        try (Connection connection = pool.getConnection()) {
            return connection.isValid((int) Math.max(1, timeout.toSeconds()));
        } catch (SQLException e) {
            return false;
        }
    }

    private static void applyScope(Handle handle, TransactionScope scope) {
        String[] values;
        if (scope instanceof TransactionScope.Organization org) {
            values = new String[] {org.orgId().toString(), text(org.userId()), org.role() == null ? "" : org.role(), "organization"};
        } else {
            values = new String[] {"", "", "", scope instanceof TransactionScope.SignIn ? "sign_in" : "system"};
        }
        try (PreparedStatement statement = handle.getConnection().prepareStatement(SET_SCOPE)) {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            statement.execute();
        } catch (SQLException e) {
            throw isConnectionFailure(e) ? new Unavailable("database", e) : new IllegalStateException(e);
        }
    }

    private static String text(UUID id) {
        return id == null ? "" : id.toString();
    }

    /** SQLSTATE class 08 (connection exception) and 57P0x (server shutting down). */
    private static boolean isConnectionFailure(Throwable error) {
        return error instanceof SQLException sql && sql.getSQLState() != null
                && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"));
    }

    @Override
    public void close() {
        pool.close();
    }
}
