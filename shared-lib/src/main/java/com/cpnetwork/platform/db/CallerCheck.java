package com.cpnetwork.platform.db;

import com.cpnetwork.platform.Caller;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Confirms, inside the caller's transaction, that their account may still act. Its query travels to the server in the
 * same round trip as the transaction's scope (one JDBC statement holding both, run in order), so it runs after the
 * scope is set, under row-level security, and costs no extra wait.
 */
public interface CallerCheck {

    /** Checks nothing: for tests and tools that act below the API. */
    CallerCheck NONE = new CallerCheck() {
        @Override
        public String query() {
            return null;
        }

        @Override
        public void verify(ResultSet rows, Caller caller) {
        }
    };

    /** One SELECT whose only parameter ({@code ?}) is the caller's user id; {@code null} for no query. */
    String query();

    /** Throws a domain error unless {@code rows}, the query's result, show that {@code caller} may act. */
    void verify(ResultSet rows, Caller caller) throws SQLException;
}
