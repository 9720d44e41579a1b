package com.cpnetwork.platform.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * What a failed statement means, read from its SQLSTATE and the schema names PostgreSQL reports (constraint, table),
 * never from the message text, which carries the statement's values.
 */
public final class SqlErrors {

    private SqlErrors() {
    }

    /** The SQLSTATE of the first {@link SQLException} in the cause chain. */
    static Optional<String> sqlState(Throwable error) {
        return sqlException(error).map(SQLException::getSQLState);
    }

    /** True when {@code error} is a unique violation of the named constraint or index. */
    public static boolean isUniqueViolation(Throwable error, String constraint) {
        return "23505".equals(sqlState(error).orElse(null)) && constraint.equals(serverDetail(error).map(ServerErrorMessage::getConstraint).orElse(null));
    }

    /** The connection broke or the server is going away: the database is unavailable, not the request wrong. */
    static boolean isUnavailable(String state) {
        return state.startsWith("08") // connection exception
                || state.startsWith("57P0") // server shutting down
                || state.equals("57014") // statement timeout or cancelled
                || state.startsWith("53") // insufficient resources: too many connections, out of memory
                || state.equals("55P03") // lock not available
                || state.equals("40001") || state.equals("40P01"); // serialization failure, deadlock: worth retrying
    }

    /**
     * The pool lent no connection in time (HikariCP's {@link SQLTransientConnectionException}, which carries no
     * SQLSTATE): the database is busy, as far as the caller is concerned, even when a library wrapped the exception.
     */
    static boolean isPoolTimeout(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException) {
                return true;
            }
        }
        return false;
    }

    /** A value PostgreSQL refuses (out of range, not storable, breaks a check): the request carried it. */
    static boolean isRefusedValue(String state) {
        return state.startsWith("22") || state.equals("23514") || state.equals("23502");
    }

    /**
     * Schema facts of the failure (table, constraint) for logs, without any value. The server's one-line message is
     * kept for integrity (23) and access (42) errors, whose messages name only schema objects; other classes (22 above
     * all) quote the offending value, and their values live in the detail line, which is never read.
     */
    static String schemaFacts(Throwable error) {
        return serverDetail(error).map(detail -> {
            StringBuilder facts = new StringBuilder();
            String state = detail.getSQLState() == null ? "" : detail.getSQLState();
            if (state.startsWith("23") || state.startsWith("42")) {
                append(facts, "message", "\"" + detail.getMessage() + "\"");
            }
            append(facts, "table", detail.getTable());
            append(facts, "column", detail.getColumn());
            append(facts, "constraint", detail.getConstraint());
            return facts.toString();
        }).orElse("");
    }

    private static void append(StringBuilder facts, String name, String value) {
        if (value != null) {
            facts.append(' ').append(name).append('=').append(value);
        }
    }

    private static Optional<ServerErrorMessage> serverDetail(Throwable error) {
        return sqlException(error).filter(PSQLException.class::isInstance)
                .map(sql -> ((PSQLException) sql).getServerErrorMessage());
    }

    private static Optional<SQLException> sqlException(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return Optional.of(sql);
            }
        }
        return Optional.empty();
    }
}
