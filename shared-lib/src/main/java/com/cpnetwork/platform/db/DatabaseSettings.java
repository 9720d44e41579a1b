package com.cpnetwork.platform.db;

import com.cpnetwork.platform.config.SettingsReader;

/**
 * Where and as whom the application connects.
 *
 * @param url               JDBC URL, {@code jdbc:postgresql://host:port/db?sslmode=require}
 * @param user              the application's login role: owns no tables, has no BYPASSRLS
 * @param password          its password
 * @param poolSize          connections per function instance
 * @param transactionPooler true behind PgBouncer in transaction mode (Azure's built-in pooler on port 6432):
 *                          server-side prepared statements are then turned off
 */
public record DatabaseSettings(String url, String user, String password, int poolSize, boolean transactionPooler) {

    public static final String URL = "DB_URL";
    public static final String USER = "DB_USER";
    public static final String PASSWORD = "DB_PASSWORD";
    public static final String POOL_SIZE = "DB_POOL_SIZE";
    public static final String TRANSACTION_POOLER = "DB_TRANSACTION_POOLER";

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + url + ", user=" + user + ", poolSize=" + poolSize
                + ", transactionPooler=" + transactionPooler + "]";
    }

    public static DatabaseSettings read(SettingsReader settings) {
        String url = settings.required(URL);
        if (!url.isEmpty() && !url.startsWith("jdbc:postgresql://")) {
            settings.problem(URL + " must start with jdbc:postgresql://");
        }
        return new DatabaseSettings(
                url,
                settings.required(USER),
                settings.required(PASSWORD),
                settings.integer(POOL_SIZE, 5, 1, 50),
                settings.flag(TRANSACTION_POOLER, url.contains(":6432/")));
    }
}
