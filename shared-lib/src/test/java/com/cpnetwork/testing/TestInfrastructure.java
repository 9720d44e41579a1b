package com.cpnetwork.testing;

import com.cpnetwork.localruntime.azurite.Azurite;
import com.cpnetwork.platform.config.SettingsReader;
import com.cpnetwork.platform.config.SettingsSource;
import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.db.DatabaseSettings;
import com.cpnetwork.Setup;
import com.cpnetwork.platform.storage.Storage;
import com.cpnetwork.platform.storage.StorageSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Real PostgreSQL (embedded) and real Azurite, started once per test JVM, migrated and provisioned by the same
 * {@link Setup} step a deployment runs. Tests share them and keep apart by creating their own organizations.
 */
public final class TestInfrastructure {

    public static final String APP_USER = "cpnetwork_app";
    public static final String APP_PASSWORD = "test-app-password";

    private static TestInfrastructure instance;
    private static RuntimeException startFailure;

    private final EmbeddedPostgres postgres;
    private final Azurite azurite;
    private final Database database;
    private final Storage storage;

    private TestInfrastructure(EmbeddedPostgres postgres, Azurite azurite) {
        this.postgres = postgres;
        this.azurite = azurite;
        SettingsSource source = SettingsSource.of(settings());
        Setup.run(source);
        SettingsReader reader = new SettingsReader(source);
        this.database = Database.connect(DatabaseSettings.read(reader));
        this.storage = Storage.connect(StorageSettings.read(reader));
        reader.verify();
    }

    /**
     * The shared infrastructure, started on first use. A failed start stops whatever it had started and is remembered,
     * so the other test classes fail at once instead of each starting (and abandoning) another emulator.
     */
    public static synchronized TestInfrastructure get() {
        if (startFailure != null) {
            throw new IllegalStateException("The test infrastructure failed to start earlier", startFailure);
        }
        if (instance == null) {
            CompletableFuture<Azurite> azurite = CompletableFuture.supplyAsync(Azurite::start);
            EmbeddedPostgres postgres = null;
            try {
                postgres = startPostgres();
                instance = new TestInfrastructure(postgres, azurite.join());
            } catch (RuntimeException e) {
                startFailure = e;
                azurite.thenAccept(Azurite::close);
                closeQuietly(postgres);
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "test-infrastructure-stop"));
        }
        return instance;
    }

    private static EmbeddedPostgres startPostgres() {
        try {
            return EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded PostgreSQL did not start", e);
        }
    }

    /** App settings pointing at this infrastructure, as the functions would receive them. */
    public Map<String, String> settings() {
        Map<String, String> values = new HashMap<>();
        values.put(DatabaseSettings.URL, postgres.getJdbcUrl("postgres", "postgres").replaceFirst("\\?.*$", ""));
        values.put(DatabaseSettings.USER, APP_USER);
        values.put(DatabaseSettings.PASSWORD, APP_PASSWORD);
        values.put(DatabaseSettings.POOL_SIZE, "4");
        values.put(Setup.MIGRATION_USER, "postgres");
        values.put(StorageSettings.NAME, azurite.connectionString());
        return values;
    }

    /** The pool the application uses: its own role, subject to row-level security. */
    public Database database() {
        return database;
    }

    public Storage storage() {
        return storage;
    }

    /** A connection as the schema owner (superuser here), for arranging and inspecting what the application cannot. */
    public Connection ownerConnection() throws SQLException {
        return postgres.getPostgresDatabase().getConnection();
    }

    private void stop() {
        database.close();
        azurite.close();
        closeQuietly(postgres);
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException ignored) {
            // The JVM is exiting; the temporary data directory goes with it.
        }
    }
}
