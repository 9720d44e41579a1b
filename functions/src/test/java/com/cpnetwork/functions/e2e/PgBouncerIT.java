package com.cpnetwork.functions.e2e;

import static com.cpnetwork.functions.e2e.ApiWorld.created;
import static com.cpnetwork.functions.e2e.ApiWorld.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import com.cpnetwork.localruntime.stack.LocalStack;
import com.cpnetwork.testing.PgBouncer;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged app behind a real PgBouncer in transaction mode, as Azure runs it: {@code DB_URL} on PgBouncer's port,
 * {@code DB_TRANSACTION_POOLER=true}. Two hosts (two function instances, 5 and 3 connections in their pools) share
 * PgBouncer's two server connections, so consecutive transactions of different callers, organizations and hosts run
 * on the same PostgreSQL session. A probe runs transactions of its own on those sessions, setting no scope, and looks
 * at what the app's transactions left there: an organization, a user, a statement timeout, a prepared statement or an
 * advisory lock that outlives its transaction would show, and so would another organization's rows.
 */
class PgBouncerIT {

    /** PgBouncer's server connections for the app: far fewer than the 8 client connections of the two hosts. */
    private static final int SERVER_CONNECTIONS = 2;
    /** Sign-ins per minute on the second host. The limit is part of a bucket's key, and no other test uses this one. */
    private static final int SIGN_IN_LIMIT = 7;

    private static RunningApp app;
    private static PgBouncer pgBouncer;
    private static LocalStack pooled;
    private static LocalStack limited;
    /** Signs in and acts through the first host behind PgBouncer. */
    private static ApiWorld world;
    private static ApiClient pooledApi;
    private static ApiClient limitedApi;

    @BeforeAll
    static void twoHostsBehindPgBouncer() {
        app = RunningApp.get();
        Map<String, String> settings = app.settings();
        URI database = URI.create(settings.get("DB_URL").substring("jdbc:".length()));
        pgBouncer = PgBouncer.start(database.getPort(), database.getPath().substring(1), settings.get("DB_USER"),
                settings.get("DB_PASSWORD"), SERVER_CONNECTIONS, Path.of("target", "e2e", "pgbouncer", "pgbouncer.log"));
        pooled = behindPgBouncer("pooled", Map.of("DB_POOL_SIZE", "5"));
        limited = behindPgBouncer("limited", Map.of("DB_POOL_SIZE", "3", "RATE_LIMIT_PER_MINUTE", Integer.toString(SIGN_IN_LIMIT)));
        pooledApi = new ApiClient(pooled.baseUrl());
        limitedApi = new ApiClient(limited.baseUrl());
        world = new ApiWorld(app, pooledApi);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable started : new AutoCloseable[] {limited, pooled, pgBouncer}) {
            try {
                if (started != null) {
                    started.close();
                }
            } catch (Exception e) {
                System.err.println("PgBouncerIT: could not stop " + started + ": " + e.getMessage());
            }
        }
    }

    private static LocalStack behindPgBouncer(String name, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(app.settings());
        settings.put("DB_URL", pgBouncer.jdbcUrl());
        settings.put("DB_TRANSACTION_POOLER", "true");
        settings.putAll(overrides);
        return RunningApp.start(Path.of("target", "e2e", "pgbouncer", name), settings, false);
    }

    @Test
    void staffSignInWithAPasswordAndCpsWithAnSmsCodeAndRefreshRotates() throws Exception {
        ApiWorld.Org org = world.anOrganization();
        String phone = ApiWorld.aPhone();
        String cpId = world.aUser(org, Map.of("role", "CP", "name", "Ravi", "phone", phone, "stateCode", "MH")).path("id").asText();

        JsonNode staff = world.tokensForPassword(org.adminEmail(), ApiWorld.PASSWORD);
        JsonNode cp = world.tokensForCode(phone);
        ApiClient.Response refreshed = pooledApi.post("/v1/auth/refresh", Map.of("refreshToken", cp.path("refreshToken").asText()), null);
        ApiClient.Response me = pooledApi.get("/v1/auth/me", refreshed.json().path("accessToken").asText());
        ApiClient.Response staffMe = pooledApi.get("/v1/auth/me", staff.path("accessToken").asText());
        ApiClient.Response reused = pooledApi.post("/v1/auth/refresh", Map.of("refreshToken", cp.path("refreshToken").asText()), null);

        assertThat(staffMe.status()).as(staffMe.text()).isEqualTo(200);
        assertThat(staffMe.json().path("email").asText()).isEqualTo(org.adminEmail());
        assertThat(refreshed.status()).as(refreshed.text()).isEqualTo(200);
        assertThat(refreshed.json().path("refreshToken").asText()).isNotEqualTo(cp.path("refreshToken").asText());
        assertThat(me.status()).as(me.text()).isEqualTo(200);
        assertThat(me.json().path("id").asText()).isEqualTo(cpId);
        assertThat(me.json().path("role").asText()).isEqualTo("CP");
        expectError(reused, 401, "REFRESH_TOKEN_REUSED");
        // The CP's session: the first token replaced by the second, then both revoked when the first came back.
        assertThat(count("SELECT count(*) FROM refresh_tokens WHERE user_id = ?::uuid", cpId)).isEqualTo(2);
        assertThat(count("SELECT count(DISTINCT family_id) FROM refresh_tokens WHERE user_id = ?::uuid", cpId)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM refresh_tokens WHERE user_id = ?::uuid AND revoked_at IS NOT NULL", cpId)).isEqualTo(2);
    }

    @Test
    void aLeadWrittenThroughPgBouncerIsStoredWithItsAuditEntry() throws Exception {
        ApiWorld.Org org = world.anOrganization();
        ApiWorld.Account cp = world.aCpSignedIn(org, "MH");
        String customerPhone = ApiWorld.aPhone();

        ApiClient.Response response = pooledApi.post("/v1/leads", aLead(customerPhone), cp.token());

        String leadId = created(response).path("id").asText();
        List<List<String>> lead = rows("SELECT org_id::text, cp_id::text, status, customer_phone FROM leads WHERE id = ?", leadId);
        List<List<String>> audit = rows("SELECT org_id::text, actor_id::text, action, request_id FROM audit_log"
                + " WHERE entity_type = 'LEAD' AND entity_id = ?", leadId);
        assertThat(lead).containsExactly(List.of(org.id(), cp.id(), "NEW", customerPhone));
        assertThat(audit).containsExactly(List.of(org.id(), cp.id(), "LEAD_CREATED", response.header("X-Request-Id")));
    }

    /**
     * Four organizations, each with a CP writing and reading leads and an admin listing them, half through each host,
     * all at once; every one of their transactions runs on one of two server connections.
     */
    @Test
    void callersOfFourOrganizationsSharingTwoServerConnectionsSeeOnlyTheirOwnLeads() throws Exception {
        int organizations = 4;
        int rounds = 6;
        List<Caller> cps = new ArrayList<>();
        List<Caller> admins = new ArrayList<>();
        for (int i = 0; i < organizations; i++) {
            ApiWorld.Org org = world.anOrganization();
            ApiClient host = i % 2 == 0 ? pooledApi : limitedApi;
            ApiWorld.Account cp = world.aCpSignedIn(org, "MH");
            String firstLead = created(pooledApi.post("/v1/leads", aLead(ApiWorld.aPhone()), cp.token())).path("id").asText();
            cps.add(new Caller(org.id(), cp.id(), cp.token(), host, firstLead));
            admins.add(new Caller(org.id(), null, org.adminToken(), host, firstLead));
        }
        Map<String, Set<String>> listed = new ConcurrentHashMap<>();
        List<String> wrong = new CopyOnWriteArrayList<>();
        AtomicInteger requests = new AtomicInteger();

        List<Callable<Void>> callers = new ArrayList<>();
        for (int i = 0; i < organizations; i++) {
            Caller cp = cps.get(i);
            Caller admin = admins.get(i);
            Caller neighbour = cps.get((i + 1) % organizations);
            Set<String> seen = listed.computeIfAbsent(cp.orgId(), org -> ConcurrentHashMap.newKeySet());
            callers.add(() -> {
                for (int round = 0; round < rounds; round++) {
                    ApiClient.Response lead = cp.host().post("/v1/leads", aLead(ApiWorld.aPhone()), cp.token());
                    expect(wrong, "CP creates a lead", lead, 201);
                    expect(wrong, "CP reads its lead", cp.host().get("/v1/leads/" + lead.json().path("id").asText(), cp.token()), 200);
                    seen.addAll(ids(wrong, "CP lists leads", cp.host().get("/v1/leads?limit=100", cp.token())));
                    expect(wrong, "CP reads another organization's lead", cp.host().get("/v1/leads/" + neighbour.firstLead(), cp.token()), 404);
                    requests.addAndGet(4);
                }
                return null;
            });
            callers.add(() -> {
                for (int round = 0; round < rounds; round++) {
                    seen.addAll(ids(wrong, "admin lists leads", admin.host().get("/v1/leads?limit=100", admin.token())));
                    expect(wrong, "admin reads another organization's lead", admin.host().get("/v1/leads/" + neighbour.firstLead(), admin.token()), 404);
                    ApiClient.Response me = admin.host().get("/v1/auth/me", admin.token());
                    expect(wrong, "admin asks who they are", me, 200);
                    if (!me.json().path("orgId").asText().equals(cp.orgId())) {
                        wrong.add("admin of " + cp.orgId() + " was told they belong to " + me.json().path("orgId").asText());
                    }
                    requests.addAndGet(3);
                }
                return null;
            });
        }

        ServerSessionProbe.Findings findings;
        try (ServerSessionProbe probe = ServerSessionProbe.start(pgBouncer.jdbcUrl(), app.settings())) {
            ExecutorService pool = Executors.newFixedThreadPool(callers.size());
            try {
                for (Future<Void> caller : pool.invokeAll(callers, 120, TimeUnit.SECONDS)) {
                    caller.get();
                }
            } finally {
                pool.shutdownNow();
            }
            findings = probe.stop();
        }

        assertThat(wrong).as("answers that were not what the contract promises (PgBouncer log: %s)", pgBouncer.log()).isEmpty();
        assertThat(requests.get()).isEqualTo(organizations * rounds * 7);
        for (Caller cp : cps) {
            Set<String> own = Set.copyOf(column("SELECT id FROM leads WHERE org_id = ?::uuid", cp.orgId()));
            assertThat(own).hasSize(1 + rounds);
            assertThat(listed.get(cp.orgId())).as("leads listed to the callers of %s", cp.orgId()).isEqualTo(own);
            assertThat(column("SELECT actor_id::text FROM audit_log WHERE org_id = ?::uuid AND action = 'LEAD_CREATED'", cp.orgId()))
                    .hasSize(1 + rounds).containsOnly(cp.userId());
        }
        assertThat(findings.leftovers()).as("what a transaction found on its server connection, left by an earlier one").isEmpty();
        assertThat(findings.transactions()).isGreaterThan(20);
        assertThat(findings.serverSessions()).as("PostgreSQL sessions the probe ran on").hasSizeBetween(1, SERVER_CONNECTIONS);
        System.out.printf("PgBouncerIT: %d requests by %d callers of %d organizations through 2 hosts, %d probe transactions on %d"
                + " server sessions%n", requests.get(), callers.size(), organizations, findings.transactions(), findings.serverSessions().size());
    }

    @Test
    void theSignInLimitIsCountedThroughPgBouncerAndRefusesWithTheEnvelope() throws Exception {
        ApiWorld direct = new ApiWorld(app);
        ApiWorld.Org org = direct.anOrganization();
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < SIGN_IN_LIMIT + 3; i++) {
            String phone = ApiWorld.aPhone();
            direct.aUser(org, Map.of("role", "CP", "name", "Ravi " + i, "phone", phone, "stateCode", "MH"));
            phones.add(phone);
        }

        List<ApiClient.Response> answers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(phones.size());
        try {
            List<Callable<ApiClient.Response>> calls = phones.stream()
                    .<Callable<ApiClient.Response>>map(phone -> () -> limitedApi.post("/v1/auth/login", Map.of("phone", phone), null)).toList();
            for (Future<ApiClient.Response> answer : pool.invokeAll(calls, 60, TimeUnit.SECONDS)) {
                answers.add(answer.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(answers).filteredOn(answer -> answer.status() == 202).hasSize(SIGN_IN_LIMIT);
        List<ApiClient.Response> refused = answers.stream().filter(answer -> answer.status() != 202).toList();
        assertThat(refused).hasSize(3);
        for (ApiClient.Response answer : refused) {
            expectError(answer, 429, "RATE_LIMITED");
            assertThat(Integer.parseInt(answer.header("Retry-After"))).isBetween(1, 61);
        }
        // One bucket, and one SMS per admitted request: the refused ones wrote nothing.
        assertThat(count("SELECT count(*) FROM rate_limit_buckets WHERE id LIKE ?", "SIGN_IN:" + SIGN_IN_LIMIT + ":%")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM outbox WHERE org_id = ?::uuid AND queue = 'notifications'", org.id())).isEqualTo(SIGN_IN_LIMIT);
    }

    /** A signed-in caller: their organization, user id (null for an admin), token, the host they call, a lead of theirs. */
    private record Caller(String orgId, String userId, String token, ApiClient host, String firstLead) {
    }

    private static Map<String, Object> aLead(String customerPhone) {
        return Map.of("customerName", "Meera", "customerPhone", customerPhone, "stateCode", "MH",
                "services", List.of(Map.of("type", "SOLAR_ROOFTOP")));
    }

    private static void expect(List<String> wrong, String what, ApiClient.Response response, int status) {
        if (response.status() != status) {
            wrong.add(what + ": " + response.status() + " instead of " + status + ": " + response.text());
        }
    }

    private static List<String> ids(List<String> wrong, String what, ApiClient.Response page) {
        expect(wrong, what, page, 200);
        return page.json().path("items").findValuesAsText("id");
    }

    private static long count(String sql, String parameter) throws SQLException {
        return Long.parseLong(rows(sql, parameter).get(0).get(0));
    }

    private static List<String> column(String sql, String parameter) throws SQLException {
        return rows(sql, parameter).stream().map(row -> row.get(0)).toList();
    }

    /** Rows as the database owner sees them (every organization), each column as text. */
    private static List<List<String>> rows(String sql, String parameter) throws SQLException {
        try (Connection connection = app.ownerConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rows = query.executeQuery()) {
                List<List<String>> result = new ArrayList<>();
                while (rows.next()) {
                    List<String> row = new ArrayList<>();
                    for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                        row.add(rows.getString(column));
                    }
                    result.add(row);
                }
                return result;
            }
        }
    }

    /**
     * Transactions through PgBouncer as the app's role, on the server connections the app uses, that set no scope of
     * their own and note anything an earlier transaction left in the session. Runs on its own thread until stopped.
     */
    private static final class ServerSessionProbe implements AutoCloseable {

        private static final String LOOK = """
                SELECT pg_backend_pid(),
                       coalesce(current_setting('app.org_id', true), ''),
                       coalesce(current_setting('app.user_id', true), ''),
                       coalesce(current_setting('app.role', true), ''),
                       coalesce(current_setting('app.scope', true), ''),
                       current_setting('statement_timeout'),
                       (SELECT count(*) FROM pg_prepared_statements),
                       (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()),
                       (SELECT count(*) FROM leads),
                       (SELECT count(*) FROM users)""";

        /** What the probe saw: the sessions it ran on, how many transactions, and each leftover it found. */
        record Findings(Set<Integer> serverSessions, int transactions, List<String> leftovers) {
        }

        private final Connection connection;
        private final String roleTimeout;
        private final Set<Integer> sessions = ConcurrentHashMap.newKeySet();
        private final List<String> leftovers = new CopyOnWriteArrayList<>();
        private final AtomicInteger transactions = new AtomicInteger();
        private final Thread thread;
        private volatile boolean running = true;
        private volatile Exception failure;

        private ServerSessionProbe(Connection connection, String roleTimeout) {
            this.connection = connection;
            this.roleTimeout = roleTimeout;
            this.thread = new Thread(this::run, "server-session-probe");
            thread.setDaemon(true);
        }

        /** Connects through {@code url} as the app's role in {@code settings}, as the app does behind a transaction pooler. */
        static ServerSessionProbe start(String url, Map<String, String> settings) throws SQLException {
            Properties login = new Properties();
            login.setProperty("user", settings.get("DB_USER"));
            login.setProperty("password", settings.get("DB_PASSWORD"));
            String roleTimeout;
            // The role's own statement timeout (set by the deploy step), read on a session of its own.
            try (Connection fresh = DriverManager.getConnection(settings.get("DB_URL"), login);
                 Statement show = fresh.createStatement(); ResultSet value = show.executeQuery("SHOW statement_timeout")) {
                value.next();
                roleTimeout = value.getString(1);
            }
            login.setProperty("prepareThreshold", "0");
            Connection connection = DriverManager.getConnection(url, login);
            connection.setAutoCommit(false);
            ServerSessionProbe probe = new ServerSessionProbe(connection, roleTimeout);
            probe.thread.start();
            return probe;
        }

        private void run() {
            try (PreparedStatement look = connection.prepareStatement(LOOK)) {
                while (running) {
                    try (ResultSet row = look.executeQuery()) {
                        row.next();
                        sessions.add(row.getInt(1));
                        note(row, 2, "app.org_id", "");
                        note(row, 3, "app.user_id", "");
                        note(row, 4, "app.role", "");
                        note(row, 5, "app.scope", "");
                        note(row, 6, "statement_timeout", roleTimeout);
                        note(row, 7, "prepared statements", "0");
                        note(row, 8, "advisory locks", "0");
                        note(row, 9, "visible leads", "0");
                        note(row, 10, "visible users", "0");
                    }
                    connection.commit();
                    transactions.incrementAndGet();
                }
            } catch (SQLException e) {
                failure = e;
            }
        }

        private void note(ResultSet row, int column, String what, String expected) throws SQLException {
            String value = row.getString(column);
            if (!expected.equals(value) && leftovers.size() < 20) {
                leftovers.add(what + " = " + value + " on server session " + row.getInt(1));
            }
        }

        Findings stop() throws Exception {
            running = false;
            thread.join(10_000);
            if (failure != null) {
                throw failure;
            }
            return new Findings(Set.copyOf(sessions), transactions.get(), List.copyOf(leftovers));
        }

        @Override
        public void close() throws SQLException {
            running = false;
            connection.close();
        }
    }
}
