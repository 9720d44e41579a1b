package com.cpnetwork.platform.db;

/**
 * An unexpected database error, described by its SQLSTATE, the schema objects involved and the statement's place in
 * our code, never by the driver's message (which holds the bound values: phones, names, password hashes). It keeps
 * the original stack frames but not the original exception, so nothing that logs it can print those values.
 */
public final class DatabaseFailure extends RuntimeException {

    DatabaseFailure(String description, StackTraceElement[] frames) {
        super(description);
        setStackTrace(frames);
    }

    static DatabaseFailure of(String state, Throwable error) {
        return new DatabaseFailure("Database error SQLSTATE " + state + SqlErrors.schemaFacts(error) + " in " + statementSite(error),
                error.getStackTrace());
    }

    /** The first frame of ours outside the transaction plumbing: the repository method that ran the statement. */
    static String statementSite(Throwable error) {
        for (StackTraceElement frame : error.getStackTrace()) {
            String type = frame.getClassName();
            boolean plumbing = type.equals(Database.class.getName()) || type.startsWith(Database.class.getName() + "$");
            if (type.startsWith("com.cpnetwork.") && !plumbing) {
                return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethodName();
            }
        }
        return "unknown statement";
    }
}
