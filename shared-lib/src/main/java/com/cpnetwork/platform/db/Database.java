package com.cpnetwork.platform.db;

import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.platform.errors.Unavailable;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool and the one way to run work against it: a transaction callback that commits when the
 * callback returns and rolls back when it throws. Built once per JVM; thread-safe.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    /**
     * How long one statement may run before PostgreSQL cancels it (a 503 to the caller). Requests are short; a
     * stalled database must turn into an answer within seconds, not hold the pool (docs/decisions/0011).
     */
    static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(4);
    /** How long the driver waits for a byte from a server that stopped answering, e.g. frozen or cut off. */
    static final Duration SOCKET_TIMEOUT = STATEMENT_TIMEOUT.plusSeconds(1);
    /** How long a request waits for a new connection, or for a free one from the pool. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final String STATEMENT_TIMEOUT_TEXT = STATEMENT_TIMEOUT.toMillis() + "ms";

    private static final String SET_SCOPE = """
            SELECT set_config('app.org_id', ?, true),
                   set_config('app.user_id', ?, true),
                   set_config('app.role', ?, true),
                   set_config('app.scope', ?, true),
                   set_config('statement_timeout', ?, true)""";

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
        return connect(settings, CallerCheck.NONE);
    }

    /**
     * Creates the pool without connecting, so a cold start with the database down still answers (health says 503).
     * {@code callerCheck} runs first in every {@link #asCaller} transaction, in the same round trip as its scope.
     */
    public static Database connect(DatabaseSettings settings, CallerCheck callerCheck) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("cpnetwork");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
        config.setValidationTimeout(Duration.ofSeconds(1).toMillis());
        config.setMaxLifetime(Duration.ofMinutes(30).toMillis());
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("ApplicationName", "cpnetwork");
        config.addDataSourceProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        config.addDataSourceProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // Keeps the statement's values (the server's detail line, e.g. "Failing row contains ...") out of exceptions.
        config.addDataSourceProperty("logServerErrorDetail", "false");
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
     * has confirmed in the same transaction that the account may still act (not blocked, still active). The scope and
     * the check reach the server in one round trip.
     */
    public <T> T asCaller(Caller caller, HandleCallback<T, RuntimeException> work) {
        return run(TransactionScope.user(caller.orgId(), caller.userId(), caller.role().name()), caller, work);
    }

    /** Within a {@link TransactionScope.SignIn} transaction, switches to the found account's organization. */
    public static void narrowTo(Handle handle, UUID orgId, UUID userId, String role) {
        applyScope(handle, TransactionScope.user(orgId, userId, role), null, CallerCheck.NONE);
    }

    /**
     * Runs {@code work} in one transaction limited to {@code scope}; domain exceptions pass through after rollback.
     * Every other failure is translated so that no driver message (which holds bound values) leaves this class: a
     * broken, stalled or overloaded database is {@link Unavailable}, a value PostgreSQL refuses is {@link Invalid}, and
     * anything else a {@link DatabaseFailure} naming the SQLSTATE and the statement's place in our code.
     */
    public <T> T inTransaction(TransactionScope scope, HandleCallback<T, RuntimeException> work) {
        return run(scope, null, work);
    }

    /** One transaction: the scope (and, for a {@code caller}, the caller check) in its first round trip, then the work. */
    private <T> T run(TransactionScope scope, Caller caller, HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.inTransaction(handle -> {
                applyScope(handle, scope, caller, caller == null ? CallerCheck.NONE : callerCheck);
                return work.withHandle(handle);
            });
        } catch (JdbiException e) {
            throw translate(e);
        }
    }

    /**
     * The domain meaning of a database failure, or a {@link DatabaseFailure} that carries no value; for code that
     * reaches the pool without {@link #inTransaction} (the rate limiter's library).
     */
    public static RuntimeException translate(RuntimeException e) {
        String state = SqlErrors.sqlState(e).orElse(e instanceof ConnectionException || SqlErrors.isPoolTimeout(e) ? "08000" : "XX000");
        if (SqlErrors.isUnavailable(state)) {
            return new Unavailable("database", DatabaseFailure.of(state, e));
        }
        if (SqlErrors.isRefusedValue(state)) {
            log.warn("A value was refused by the database: {}", DatabaseFailure.of(state, e).getMessage());
            return new Invalid("INVALID_VALUE", "A value in the request is out of range or cannot be stored");
        }
        return DatabaseFailure.of(state, e);
    }

    /**
     * For the rare use case that reads for longer than a request should (an export streaming its rows, a year's
     * report): a longer statement timeout for the rest of the transaction {@code handle} runs, and a socket that waits
     * as much longer for the answer (the pool restores its own timeout when the connection comes back).
     */
    public static void allowLongerStatements(Handle handle, Duration timeout) {
        handle.createQuery("SELECT set_config('statement_timeout', :timeout, true)")
                .bind("timeout", timeout.toMillis() + "ms").mapTo(String.class).one();
        try {
            handle.getConnection().setNetworkTimeout(Runnable::run, Math.toIntExact(timeout.plus(SOCKET_TIMEOUT).minus(STATEMENT_TIMEOUT).toMillis()));
        } catch (SQLException e) {
            throw translate(new UnableToExecuteStatementException(e, null));
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

    /**
     * Sets the transaction's scope and, when {@code check} has a query, runs it in the same JDBC statement: the driver
     * sends both (and the BEGIN before them) in one round trip, and the server runs them in order.
     */
    private static void applyScope(Handle handle, TransactionScope scope, Caller caller, CallerCheck check) {
        String[] values;
        if (scope instanceof TransactionScope.Organization org) {
            values = new String[] {org.orgId().toString(), text(org.userId()), org.role() == null ? "" : org.role(), "organization",
                    STATEMENT_TIMEOUT_TEXT};
        } else {
            values = new String[] {"", "", "", scope instanceof TransactionScope.SignIn ? "sign_in" : "system", STATEMENT_TIMEOUT_TEXT};
        }
        String query = check.query();
        try (PreparedStatement statement = handle.getConnection().prepareStatement(query == null ? SET_SCOPE : SET_SCOPE + ";\n" + query)) {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            if (query != null) {
                statement.setObject(values.length + 1, caller.userId());
            }
            statement.execute();
            if (query != null) {
                if (!statement.getMoreResults()) {
                    throw new IllegalStateException("The caller check's query returned no rows to judge");
                }
                try (ResultSet rows = statement.getResultSet()) {
                    check.verify(rows, caller);
                }
            }
        } catch (SQLException e) {
            throw translate(new UnableToExecuteStatementException(e, null));
        }
    }

    private static String text(UUID id) {
        return id == null ? "" : id.toString();
    }

    @Override
    public void close() {
        pool.close();
    }
}
