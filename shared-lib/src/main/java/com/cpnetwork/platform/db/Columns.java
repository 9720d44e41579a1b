package com.cpnetwork.platform.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Reading columns in hand-written row mappers. */
public final class Columns {

    private Columns() {
    }

    /** A {@code timestamptz} column as an instant; null when the column is. */
    public static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
