package com.cpnetwork.functions.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cpnetwork.localruntime.stack.LocalStack;
import com.cpnetwork.testing.StallingProxy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An unlucky day: the database or the storage account stops answering mid-request, or the app is started with a bad
 * setting. A second host of the packaged app reaches the database and the queues through proxies that can stall them.
 */
class FaultsIT {

    private static final Pattern QUEUE_PORT = Pattern.compile("QueueEndpoint=http://127\\.0\\.0\\.1:(\\d+)/");

    private static RunningApp app;
    private static StallingProxy database;
    private static StallingProxy queues;
    private static LocalStack stack;
    private static ApiClient api;

    @BeforeAll
    static void aHostBehindStallingProxies() {
        app = RunningApp.get();
        Map<String, String> settings = new HashMap<>(app.settings());
        URI dbUrl = URI.create(settings.get("DB_URL").substring("jdbc:".length()));
        database = StallingProxy.to(dbUrl.getPort());
        settings.put("DB_URL", "jdbc:postgresql://127.0.0.1:" + database.port() + dbUrl.getPath());
        Matcher queuePort = QUEUE_PORT.matcher(settings.get("DataStorage"));
        assertThat(queuePort.find()).isTrue();
        queues = StallingProxy.to(Integer.parseInt(queuePort.group(1)));
        settings.put("DataStorage", queuePort.replaceFirst("QueueEndpoint=http://127.0.0.1:" + queues.port() + "/"));
        stack = RunningApp.start(Path.of("target", "e2e", "faults"), settings, false);
        api = new ApiClient(stack.baseUrl());
    }

    @AfterAll
    static void stop() {
        stack.close();
        database.close();
        queues.close();
    }

    @Test
    void aFrozenDatabaseAnswers503WithinSecondsAndTheHostRecoversWhenItThaws() throws Exception {
        ApiWorld world = new ApiWorld(app);
        ApiWorld.Org org = world.anOrganization();
        assertThat(api.get("/v1/leads", org.adminToken()).status()).isEqualTo(200);

        database.stall();
        try {
            ExecutorService clients = Executors.newFixedThreadPool(10);
            Instant started = Instant.now();
            List<Future<ApiClient.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                answers.add(clients.submit(() -> api.get("/v1/leads", org.adminToken())));
            }
            for (Future<ApiClient.Response> answer : answers) {
                ApiWorld.expectError(answer.get(30, TimeUnit.SECONDS), 503, "DATABASE_UNAVAILABLE");
                assertThat(answer.get().header("Retry-After")).isNotBlank();
            }
            // Socket timeout 5 s, pool wait 3 s; a stalled pool used to hold every request as long as the database was frozen.
            assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(12));
            clients.shutdownNow();
        } finally {
            database.resume();
        }

        assertThat(api.get("/v1/leads", org.adminToken()).status()).isEqualTo(200);
    }

    @Test
    void aSignInCodeIsAnsweredAtOnceWhileTheQueueIsFrozenAndItsMessageIsKept() throws Exception {
        ApiWorld world = new ApiWorld(app);
        ApiWorld.Org org = world.anOrganization();
        String phone = ApiWorld.aPhone();
        world.aUser(org, Map.of("role", "CP", "name", "Ravi", "phone", phone, "stateCode", "MH"));

        queues.stall();
        try {
            Instant started = Instant.now();
            ApiClient.Response response = api.post("/v1/auth/login", Map.of("phone", phone), null);

            assertThat(response.status()).isEqualTo(202);
            // Handing the message to the queue on the request's thread would take at least the bounded send (3 s) and
            // used to take 24-64 s; the answer must not wait for it at all.
            assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(3));
        } finally {
            queues.resume();
        }
        assertThat(notificationRows(org.id())).isEqualTo(1);
    }

    @Test
    void aMalformedSettingStopsALocalStartWithinSecondsNamingIt() throws IOException {
        Map<String, String> settings = RunningApp.settings(Path.of("target", "e2e", "bad-setting"), Map.of("AUTH_SECRET", "short"));
        Path work = Path.of("target", "e2e", "bad-setting");
        Instant started = Instant.now();

        assertThatThrownBy(() -> RunningApp.start(work, settings, true)).hasMessageContaining("deploy step");

        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(30));
        List<String> log = stackLog(work);
        assertThat(log).filteredOn(line -> line.contains("AUTH_SECRET must be at least 32 characters")).hasSize(1);
        assertThat(log).noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception"));
    }

    private static int notificationRows(String orgId) throws Exception {
        try (Connection connection = app.ownerConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT count(*) FROM outbox WHERE org_id = ?::uuid AND queue = 'notifications'")) {
            query.setString(1, orgId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static List<String> stackLog(Path work) throws IOException {
        try (Stream<Path> files = Files.list(work)) {
            List<String> lines = new ArrayList<>();
            for (Path file : files.filter(file -> file.getFileName().toString().startsWith("stack-")).toList()) {
                lines.addAll(Files.readAllLines(file));
            }
            return lines;
        }
    }
}
