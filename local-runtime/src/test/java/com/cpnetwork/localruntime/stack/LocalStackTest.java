package com.cpnetwork.localruntime.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cpnetwork.localruntime.TestApp;
import com.cpnetwork.localruntime.azurite.Azurite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each data folder (each checkout) runs a database and storage of its own, and never shares one by accident. */
class LocalStackTest {
    private static final long PID = ProcessHandle.current().pid();

    @TempDir
    Path temp;
    private final List<LocalStack> running = new ArrayList<>();
    /** The test app with one HTTP function: the host starts quickly, and these tests are about what runs around it. */
    private Path app;

    @AfterEach
    void stopAll() {
        running.forEach(LocalStack::close);
    }

    @Test
    void twoCheckoutsWithTheSameSettingsGetADatabaseAndStorageEachOfTheirOwn() throws Exception {
        LocalStack first = start(temp.resolve("first"), checkoutSettings());
        LocalStack second = start(temp.resolve("second"), checkoutSettings());

        assertThat(databasePort(first)).isPositive().isNotEqualTo(databasePort(second));
        assertThat(databasePort(second)).isPositive();
        assertThat(first.settings().get("DataStorage")).isNotEqualTo(second.settings().get("DataStorage"))
                .isEqualTo(first.settings().get("AzureWebJobsStorage")).doesNotContain("UseDevelopmentStorage");
        execute(first, "CREATE TABLE only_in_first (id int)");
        assertThat(tableExists(second, "only_in_first")).isFalse();
    }

    @Test
    void laterStartFindsTheSameDatabaseAndStorageAgain() throws Exception {
        Path data = temp.resolve("checkout");
        LocalStack before = start(data, checkoutSettings());
        execute(before, "CREATE TABLE kept (id int)");
        before.close();

        LocalStack after = start(data, checkoutSettings());

        assertThat(after.settings().get("DB_URL")).isEqualTo(before.settings().get("DB_URL"));
        assertThat(after.settings().get("DataStorage")).isEqualTo(before.settings().get("DataStorage"));
        assertThat(tableExists(after, "kept")).isTrue();
    }

    @Test
    void rememberedPortHeldByAnotherProcessIsRefusedNamingThePortAndTheProcess() throws Exception {
        Path data = temp.resolve("checkout");
        LocalStack before = start(data, checkoutSettings());
        int port = databasePort(before);
        before.close();

        try (ServerSocket squatter = new ServerSocket(port)) {
            assertThatThrownBy(() -> start(data, checkoutSettings()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Port " + port + " (database, remembered in " + data.resolve("ports.json")
                            + ") is in use by pid " + PID + " in ")
                    .hasMessageContaining("delete " + data.resolve("ports.json"))
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void explicitLocalPortHeldByAnotherProcessIsRefusedInsteadOfShared() throws Exception {
        Path data = temp.resolve("checkout");
        try (ServerSocket squatter = new ServerSocket(0)) {
            Map<String, String> settings = checkoutSettings();
            settings.put("DB_URL", "jdbc:postgresql://127.0.0.1:" + squatter.getLocalPort() + "/cpnetwork");

            assertThatThrownBy(() -> start(data, settings))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Port " + squatter.getLocalPort() + " (database, from DB_URL) is in use by pid " + PID + " in ")
                    .hasMessageContaining("LOCAL_STACK_ATTACH=database");
        }
        assertThat(data.resolve("postgres")).doesNotExist();
        assertThat(data.resolve("azurite")).doesNotExist();
    }

    @Test
    void explicitLocalPortsAreUsedAsWritten() {
        Map<String, String> settings = checkoutSettings();
        String dbUrl = "jdbc:postgresql://127.0.0.1:" + freePort() + "/cpnetwork";
        String storage = Azurite.connectionString(freePort(), freePort(), freePort());
        settings.put("DB_URL", dbUrl);
        settings.put("DataStorage", storage);
        settings.put("AzureWebJobsStorage", storage);
        Path data = temp.resolve("checkout");

        LocalStack stack = start(data, settings);

        assertThat(stack.settings()).containsEntry("DB_URL", dbUrl).containsEntry("DataStorage", storage).containsEntry("AzureWebJobsStorage", storage);
        assertThat(Ports.inUse(databasePort(stack))).isTrue();
        assertThat(data.resolve("ports.json")).doesNotExist();
    }

    @Test
    void attachingUsesTheRunningServersAsTheSettingsNameThem() {
        LocalStack first = start(temp.resolve("first"), checkoutSettings());
        Map<String, String> settings = new HashMap<>(first.settings());
        settings.put("LOCAL_STACK_ATTACH", "database, storage");
        Path data = temp.resolve("second");

        LocalStack second = start(data, settings);

        assertThat(second.settings().get("DB_URL")).isEqualTo(first.settings().get("DB_URL"));
        assertThat(second.settings().get("DataStorage")).isEqualTo(first.settings().get("DataStorage"));
        assertThat(data.resolve("postgres")).doesNotExist();
        assertThat(data.resolve("azurite")).doesNotExist();
    }

    @Test
    void attachingToSomethingElseIsRefused() {
        Map<String, String> settings = checkoutSettings();
        settings.put("LOCAL_STACK_ATTACH", "database,cache");

        assertThatThrownBy(() -> start(temp.resolve("checkout"), settings))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("LOCAL_STACK_ATTACH is 'database,cache'; it lists database, storage or both, comma-separated");
    }

    @Test
    void theHostServesTheOutboxTheSettingsNameToThisMachine() throws Exception {
        Path outbox = temp.resolve("outbox");
        Files.createDirectories(outbox);
        Files.writeString(outbox.resolve("1796000000000-a.json"), """
                {"channel": "SMS", "to": "+919812345678", "body": "Your code is 123456", "template": "SIGN_IN_CODE",
                 "variables": {"code": "123456"}, "createdAt": "2026-12-01T10:00:00Z"}""");

        // No database or storage in the settings: only the host starts.
        LocalStack stack = start(temp.resolve("checkout"), Map.of("LOCAL_OUTBOX_DIR", outbox.toString()));

        HttpResponse<String> latest = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stack.baseUrl() + "/local/outbox/latest?to=9812345678")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(latest.statusCode()).isEqualTo(200);
        assertThat(latest.body()).contains("\"code\":\"123456\"");
    }

    /** What local.settings.json.example holds: this machine, ports left to the checkout. */
    private Map<String, String> checkoutSettings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("DB_URL", "jdbc:postgresql://127.0.0.1:0/cpnetwork");
        settings.put("DataStorage", "UseDevelopmentStorage=true");
        settings.put("AzureWebJobsStorage", "UseDevelopmentStorage=true");
        return settings;
    }

    private LocalStack start(Path data, Map<String, String> settings) {
        if (app == null) {
            app = TestApp.copyWith(temp.resolve("app"), List.of("Ping"), ping -> { });
        }
        LocalStack stack = LocalStack.start(new LocalStack.Options(app, data, settings, Optional.empty(), freePort(),
                Optional.of(temp.resolve("stack.log")), false, false));
        running.add(stack);
        return stack;
    }

    private static int databasePort(LocalStack stack) {
        return URI.create(stack.settings().get("DB_URL").substring("jdbc:".length())).getPort();
    }

    private static void execute(LocalStack stack, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(stack.settings().get("DB_URL"), "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static boolean tableExists(LocalStack stack, String table) throws SQLException {
        try (Connection connection = DriverManager.getConnection(stack.settings().get("DB_URL"), "postgres", "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
            rows.next();
            return rows.getBoolean(1);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
