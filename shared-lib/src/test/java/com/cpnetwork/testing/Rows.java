package com.cpnetwork.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and arranges rows as the schema owner, below row-level security, to check what the services stored. */
public final class Rows {

    private Rows() {
    }

    public static List<Map<String, Object>> list(String sql, Object... parameters) {
        try (Connection owner = TestInfrastructure.get().ownerConnection(); PreparedStatement statement = owner.prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
                ResultSetMetaData meta = rows.getMetaData();
                List<Map<String, Object>> result = new ArrayList<>();
                while (rows.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        row.put(meta.getColumnLabel(column), rows.getObject(column));
                    }
                    result.add(row);
                }
                return result;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The first column of every row. */
    @SuppressWarnings("unchecked")
    public static <T> List<T> column(String sql, Object... parameters) {
        return list(sql, parameters).stream().map(row -> (T) row.values().iterator().next()).toList();
    }

    /** The first column of the only row. */
    public static <T> T one(String sql, Object... parameters) {
        List<T> values = column(sql, parameters);
        if (values.size() != 1) {
            throw new AssertionError("Expected one row but got " + values.size() + ": " + sql);
        }
        return values.get(0);
    }

    public static long count(String sql, Object... parameters) {
        Number count = one(sql, parameters);
        return count.longValue();
    }

    public static int execute(String sql, Object... parameters) {
        try (Connection owner = TestInfrastructure.get().ownerConnection(); PreparedStatement statement = owner.prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The actions of the audit entries about one record, oldest first. */
    public static List<String> auditActions(String entityId) {
        return column("SELECT action FROM audit_log WHERE entity_id = ? ORDER BY id", entityId);
    }

    private static void bind(PreparedStatement statement, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            statement.setObject(i + 1, value instanceof java.time.Instant instant ? java.sql.Timestamp.from(instant) : value);
        }
    }
}
