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
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A complete {@link Backend}, built by its real composition root against the shared test infrastructure, with a
 * {@link MutableClock}, its own signing key and HMAC secret, and its own local outbox folder.
 *
 * <p>A test class declares one as a JUnit extension, which starts it before the class's {@code @BeforeAll} methods
 * and closes it after the class:
 * <pre>{@code @RegisterExtension static final TestBackend world = TestBackend.perTestClass();}</pre>
 * A test that needs one of its own uses {@link #start()} in a try-with-resources.
 */
public final class TestBackend implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    public static final String OPERATOR_KEY = "operator-key-for-tests-7f3c9a";

    private final MutableClock clock;
    private final Map<String, String> overrides;
    private Map<String, String> settings;
    private Backend backend;
    private LocalOutbox outbox;
    private Fixtures fixtures;

    private TestBackend(MutableClock clock, Map<String, String> overrides) {
        this.clock = clock;
        this.overrides = Map.copyOf(overrides);
    }

    /** A backend the extension starts before the test class and closes after it. */
    public static TestBackend perTestClass() {
        return perTestClass(MutableClock.startingNow(), Map.of());
    }

    /** {@code overrides} win over the default settings; an empty value unsets a setting. */
    public static TestBackend perTestClass(MutableClock clock, Map<String, String> overrides) {
        return new TestBackend(clock, overrides);
    }

    /** A backend started now, for a test that needs one of its own; close it when done. */
    public static TestBackend start() {
        return start(MutableClock.startingNow(), Map.of());
    }

    /** {@code overrides} win over the default settings; an empty value unsets a setting. */
    public static TestBackend start(MutableClock clock, Map<String, String> overrides) {
        TestBackend world = new TestBackend(clock, overrides);
        world.begin();
        return world;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        begin();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private void begin() {
        Map<String, String> values = new HashMap<>(TestInfrastructure.get().settings());
        values.put(AuthSettings.SIGNING_KEY, SigningKeys.generatePrivateJwk());
        values.put(AuthSettings.SECRET, "test-auth-secret-" + UUID.randomUUID());
        values.put(BackendSettings.LOCAL_OUTBOX_DIR, temporaryFolder().toString());
        values.put(BackendSettings.OPERATOR_API_KEY, OPERATOR_KEY);
        values.putAll(overrides);
        this.settings = Map.copyOf(values);
        this.backend = Backend.start(BackendSettings.load(SettingsSource.of(settings)), clock);
        this.fixtures = new Fixtures(backend);
        this.outbox = new LocalOutbox(backend, fixtures::organizations);
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
        if (backend == null) {
            throw new IllegalStateException("The test backend has not started: register it with @RegisterExtension, or use start()");
        }
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
        if (backend != null) {
            backend.close();
        }
    }
}
