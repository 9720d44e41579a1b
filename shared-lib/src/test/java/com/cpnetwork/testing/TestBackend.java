package com.cpnetwork.testing;

import com.cpnetwork.Backend;
import com.cpnetwork.auth.AuthSettings;
import com.cpnetwork.auth.SigningKeys;
import com.cpnetwork.BackendSettings;
import com.cpnetwork.platform.config.SettingsSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A complete {@link Backend}, built by its real composition root against the shared test infrastructure, with a
 * {@link MutableClock}, its own signing key and HMAC secret, and its own local outbox folder. Each test class starts
 * one (or a few) and closes them when done.
 */
public final class TestBackend implements AutoCloseable {

    public static final String OPERATOR_KEY = "operator-key-for-tests-7f3c9a";

    private final Map<String, String> settings;
    private final MutableClock clock;
    private final Backend backend;
    private final LocalOutbox outbox;
    private final Fixtures fixtures;

    private TestBackend(Map<String, String> settings, MutableClock clock) {
        this.settings = Map.copyOf(settings);
        this.clock = clock;
        this.backend = Backend.start(BackendSettings.load(SettingsSource.of(settings)), clock);
        this.fixtures = new Fixtures(backend);
        this.outbox = new LocalOutbox(backend, fixtures::organizations);
    }

    public static TestBackend start() {
        return start(MutableClock.startingNow(), Map.of());
    }

    /** {@code overrides} win over the defaults; an empty value unsets a setting. */
    public static TestBackend start(MutableClock clock, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(TestInfrastructure.get().settings());
        values.put(AuthSettings.SIGNING_KEY, SigningKeys.generatePrivateJwk());
        values.put(AuthSettings.SECRET, "test-auth-secret-" + UUID.randomUUID());
        values.put(BackendSettings.LOCAL_OUTBOX_DIR, temporaryFolder().toString());
        values.put(BackendSettings.OPERATOR_API_KEY, OPERATOR_KEY);
        values.putAll(overrides);
        return new TestBackend(values, clock);
    }

    private static Path temporaryFolder() {
        try {
            Path folder = Files.createTempDirectory("cpnetwork-outbox-");
            folder.toFile().deleteOnExit();
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Backend backend() {
        return backend;
    }

    public MutableClock clock() {
        return clock;
    }

    /** Organizations, accounts and callers made through the real services. */
    public Fixtures fixtures() {
        return fixtures;
    }

    /** The SMS and email this backend sent, read from its local outbox folder as a user would. */
    public LocalOutbox outbox() {
        return outbox;
    }

    /** The settings the backend was started with (to start a second one on the same keys, say). */
    public Map<String, String> settings() {
        return settings;
    }

    /** The HMAC key of this backend's sign-in secrets ({@value AuthSettings#SECRET}). */
    public byte[] authSecret() {
        return settings.get(AuthSettings.SECRET).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        backend.close();
    }
}
