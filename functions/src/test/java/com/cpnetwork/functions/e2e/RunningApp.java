package com.cpnetwork.functions.e2e;

import com.cpnetwork.auth.SigningKeys;
import com.cpnetwork.localruntime.stack.LocalStack;
import com.cpnetwork.platform.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The packaged function app running as it does under {@code ./run-local}: embedded PostgreSQL, Azurite, the real
 * deploy step, and the Functions host in a child JVM with the app settings in its environment. Started once per test
 * JVM; tests keep apart by creating their own organizations.
 */
public final class RunningApp {

    public static final String OPERATOR_KEY = "e2e-operator-key";

    private static RunningApp instance;

    private final LocalStack stack;
    private final Path outbox;
    private final ApiClient api;

    private RunningApp(LocalStack stack, Path outbox) {
        this.stack = stack;
        this.outbox = outbox;
        this.api = new ApiClient(stack.baseUrl());
    }

    public static synchronized RunningApp get() {
        if (instance == null) {
            Path work = Path.of("target", "e2e");
            Map<String, String> settings = settings(work, Map.of("RATE_LIMIT_PER_MINUTE", "100000"));
            instance = new RunningApp(start(work, settings, true), work.resolve("outbox"));
            Runtime.getRuntime().addShutdownHook(new Thread(instance.stack::close, "e2e-stop"));
        }
        return instance;
    }

    /** App settings as a deployment would have them, pointing at free local ports under {@code work}. */
    static Map<String, String> settings(Path work, Map<String, String> overrides) {
        int blob = freePort();
        Map<String, String> settings = new HashMap<>();
        settings.put("FUNCTIONS_WORKER_RUNTIME", "java");
        settings.put("DB_URL", "jdbc:postgresql://127.0.0.1:" + freePort() + "/cpnetwork");
        settings.put("DB_USER", "cpnetwork_app");
        settings.put("DB_PASSWORD", "e2e-app-password");
        settings.put("DB_MIGRATION_USER", "postgres");
        String storage = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
                + "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
                + "BlobEndpoint=http://127.0.0.1:" + blob + "/devstoreaccount1;"
                + "QueueEndpoint=http://127.0.0.1:" + freePort() + "/devstoreaccount1;"
                + "TableEndpoint=http://127.0.0.1:" + freePort() + "/devstoreaccount1;";
        settings.put("DataStorage", storage);
        settings.put("AzureWebJobsStorage", storage);
        settings.put("JWT_SIGNING_KEY", SigningKeys.generatePrivateJwk());
        settings.put("JWT_ISSUER", "http://localhost");
        settings.put("AUTH_SECRET", "e2e-auth-secret-that-is-long-enough-0123456789");
        settings.put("OPERATOR_API_KEY", OPERATOR_KEY);
        settings.put("LOCAL_OUTBOX_DIR", work.resolve("outbox").toString());
        settings.put("PUBLIC_APP_URL", "https://console.example.com");
        settings.putAll(overrides);
        return settings;
    }

    /**
     * Starts a stack with its own host on a free port. {@code setup}: start over in {@code work}, run the deploy step
     * and wait for health; otherwise attach to the database and storage the settings name, as they are.
     */
    static LocalStack start(Path work, Map<String, String> settings, boolean setup) {
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> stackSettings = new HashMap<>(settings);
        if (!setup) {
            stackSettings.put("LOCAL_STACK_ATTACH", "database,storage");
        }
        return LocalStack.start(new LocalStack.Options(appDir(), work, stackSettings,
                setup ? Optional.of("com.cpnetwork.Setup") : Optional.empty(), freePort(),
                Optional.of(work.resolve("stack-" + System.nanoTime() + ".log")), setup, setup));
    }

    static Path appDir() {
        Path app = Path.of(System.getProperty("functions.app.dir", "target/azure-functions/cpnetwork-api"));
        if (!Files.isDirectory(app)) {
            throw new IllegalStateException("No packaged app at " + app + "; the end-to-end tests run after `mvn package`");
        }
        return app;
    }

    public ApiClient api() {
        return api;
    }

    /** {@code http://localhost:<port>}, without the route prefix. */
    public String baseUrl() {
        return stack.baseUrl();
    }

    public Map<String, String> settings() {
        return stack.settings();
    }

    /** A connection as the database owner, for checking rows the API wrote. */
    public Connection ownerConnection() throws SQLException {
        return DriverManager.getConnection(stack.settings().get("DB_URL"), "postgres", "");
    }

    /** Waits for the first message in the local outbox to {@code to} that matches, as a user waits for an SMS. */
    public JsonNode awaitMessage(String to, Predicate<JsonNode> matching) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            Optional<JsonNode> found = messages().stream()
                    .filter(message -> message.path("to").asText().equals(to) && matching.test(message))
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            sleep(100);
        }
        throw new AssertionError("No message to " + to + " arrived in the local outbox within 20 s");
    }

    /** Every message in the local outbox, oldest first. */
    public List<JsonNode> messages() {
        if (!Files.isDirectory(outbox)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(outbox)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().map(RunningApp::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
