package com.cpnetwork;

import com.cpnetwork.auth.AuthSettings;
import com.cpnetwork.auth.SigningKeys;
import com.cpnetwork.platform.config.SettingsException;
import com.cpnetwork.platform.config.SettingsReader;
import com.cpnetwork.platform.config.SettingsSource;
import com.cpnetwork.platform.db.DatabaseSettings;
import com.cpnetwork.platform.setup.DatabaseSetup;
import com.cpnetwork.platform.storage.Storage;
import com.cpnetwork.platform.storage.StorageSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;

/**
 * The deploy step: migrates the database (as its owner, {@value #MIGRATION_USER}) and creates the storage containers
 * and queues. Run it before new function code starts serving:
 * {@code java -cp "<app>/*:<app>/lib/*" com.cpnetwork.Setup}. With {@code --local} (local runs only) it also creates a
 * development signing key at {@code JWT_SIGNING_KEY_FILE} when there is none, and checks every app setting first, so
 * a local start with a missing or malformed setting stops at once with one line naming it.
 */
public final class Setup {

    public static final String MIGRATION_USER = "DB_MIGRATION_USER";
    public static final String MIGRATION_PASSWORD = "DB_MIGRATION_PASSWORD";

    private Setup() {
    }

    public static void main(String[] args) {
        try {
            SettingsSource source = SettingsSource.fromEnvironment();
            if (Arrays.asList(args).contains("--local")) {
                ensureDevelopmentSigningKey(source);
                BackendSettings.load(source);
            }
            run(source);
        } catch (SettingsException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    /** Migrates and provisions; throws {@link SettingsException} naming any missing setting. */
    public static void run(SettingsSource source) {
        SettingsReader reader = new SettingsReader(source);
        DatabaseSettings database = DatabaseSettings.read(reader);
        StorageSettings storage = StorageSettings.read(reader);
        String ownerUser = reader.required(MIGRATION_USER);
        String ownerPassword = reader.optional(MIGRATION_PASSWORD, "");
        reader.verify();

        int applied = DatabaseSetup.apply(database, ownerUser, ownerPassword);
        System.out.println("Database: " + applied + " migration(s) applied, role " + database.user() + " ready");
        Storage.connect(storage).ensureLayout();
        System.out.println("Storage: containers and queues ready");
    }

    /** Writes a new RSA signing key, readable by its owner only, where {@code JWT_SIGNING_KEY_FILE} points, unless one is set or exists. */
    static void ensureDevelopmentSigningKey(SettingsSource source) {
        Optional<String> file = source.get(AuthSettings.SIGNING_KEY_FILE);
        if (source.get(AuthSettings.SIGNING_KEY).isPresent() || file.isEmpty() || Files.exists(Path.of(file.get()))) {
            return;
        }
        Path path = Path.of(file.get());
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(path, SigningKeys.generatePrivateJwk());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the development signing key to " + path, e);
        }
        System.out.println("Auth: generated a development signing key in " + path);
    }
}
