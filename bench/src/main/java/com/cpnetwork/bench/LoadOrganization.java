package com.cpnetwork.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Loads a realistic organization into the running app: its admin, 10 KAMs and 200 CPs through the API (so passwords
 * are hashed and audit rows written as in production), then, directly in PostgreSQL as the schema owner, 200,000
 * customers, 1,000,000 leads (5,000 per CP), their 2,000,000 service lines and status history. Then every account signs
 * in the way its person would (KAMs and the admin with a password, CPs with their phone and the SMS code from the local
 * outbox) and the tokens, with the leads the closed-loop runs work on, are written to {@code <bench.dir>/run/}.
 *
 * <p>Each kind of data is one step of {@link #main}; quotations (issue 8) become one more step here, with their own
 * accounts file, when they land.
 */
public final class LoadOrganization {

    static final int KAMS = 10;
    static final int CPS = 200;
    static final int CUSTOMERS = 200_000;
    static final List<String> STATES = List.of("MH", "KA", "GJ", "TN", "RJ");
    static final String ADMIN_EMAIL = "admin@bench.example";
    static final String PASSWORD = "bench-correct-horse-battery";

    private final BenchDir dir;
    private final Http http;
    private final int leadCount;
    private UUID orgId;
    private String adminToken;
    private final List<String[]> kams = new ArrayList<>();
    private final List<String[]> cps = new ArrayList<>();

    private LoadOrganization(BenchDir dir, Http http, int leadCount) {
        this.dir = dir;
        this.http = http;
        this.leadCount = leadCount;
    }

    public static void main(String[] args) throws Exception {
        LoadOrganization load = new LoadOrganization(BenchDir.fromSystemProperties(), new Http(BenchDir.baseUrl()),
                Integer.getInteger("bench.leads", 1_000_000));
        long started = System.nanoTime();
        load.createAccounts();
        load.loadLeads();
        // Issue 8: load.loadQuotations() goes here (customers' quotations on a share of the leads).
        load.signIn();
        load.writeWorkLists();
        System.out.printf("bench: organization loaded in %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    /** The organization and its staff and CPs, through the API. */
    private void createAccounts() {
        Map<String, String> settings = BenchDir.settings();
        JsonNode created = http.send("POST", "/v1/organizations", null, Map.of("name", "Bench Solar", "adminEmail", ADMIN_EMAIL,
                "adminName", "Bench Admin", "adminPassword", PASSWORD), 201,
                Map.of("X-Operator-Key", settings.getOrDefault("OPERATOR_API_KEY", "local-operator-key")));
        orgId = UUID.fromString(created.path("id").asText());
        adminToken = passwordSignIn(ADMIN_EMAIL);
        for (int i = 0; i < KAMS; i++) {
            String email = "kam" + i + "@bench.example";
            JsonNode kam = http.send("POST", "/v1/users", adminToken, Map.of("role", "KAM", "name", "KAM " + i, "email", email,
                    "password", PASSWORD), 201);
            kams.add(new String[] {kam.path("id").asText(), email});
        }
        for (int i = 0; i < CPS; i++) {
            String phone = String.format("+9198%08d", i);
            String state = STATES.get(i % STATES.size());
            JsonNode cp = http.send("POST", "/v1/users", adminToken, Map.of("role", "CP", "name", "CP " + i, "phone", phone,
                    "stateCode", state, "kamId", kams.get(i % KAMS)[0]), 201);
            cps.add(new String[] {cp.path("id").asText(), phone, state});
        }
        System.out.println("bench: organization " + orgId + ", " + KAMS + " KAMs and " + CPS + " CPs created through the API");
    }

    /** Customers, leads, service lines and status history, as the owner, with generate_series. */
    private void loadLeads() throws SQLException {
        long started = System.nanoTime();
        try (Connection owner = dir.owner(); Statement statement = owner.createStatement()) {
            // Rows are consistent by construction; skipping the foreign-key triggers makes the load minutes faster.
            statement.execute("SET session_replication_role = replica");
            try (PreparedStatement customers = owner.prepareStatement("""
                    INSERT INTO users (id, org_id, role, name, phone, active, blocked_token, created_at, updated_at)
                    SELECT gen_random_uuid(), ?, 'CUSTOMER', 'Customer ' || n, '+9197' || lpad(n::text, 8, '0'), true, false,
                           now() - interval '3 years', now() - interval '3 years'
                      FROM generate_series(0, ? - 1) AS g(n)""")) {
                customers.setObject(1, orgId);
                customers.setInt(2, CUSTOMERS);
                customers.execute();
            }
            long base;
            try (ResultSet rows = statement.executeQuery("SELECT nextval('lead_number')")) {
                rows.next();
                base = rows.getLong(1);
            }
            try (PreparedStatement leads = owner.prepareStatement("""
                    WITH cps AS (SELECT id, state_code, (row_number() OVER (ORDER BY created_at, id) - 1)::int AS k
                                   FROM users WHERE org_id = ? AND role = 'CP'),
                         customers AS (SELECT id, name, phone, (row_number() OVER (ORDER BY phone) - 1)::int AS k
                                         FROM users WHERE org_id = ? AND role = 'CUSTOMER')
                    INSERT INTO leads (id, org_id, status, cp_id, customer_id, customer_name, customer_phone, address, state_code,
                                       remarks, follow_up_date, lost_reason, source, created_by, status_changed_at, created_at,
                                       updated_at)
                    SELECT 'LEAD-' || (? + g.n), ?, s.status, CASE WHEN g.n % 100 = 99 THEN NULL ELSE cp.id END, c.id, c.name,
                           c.phone, 'Plot ' || g.n || ', Main Road', cp.state_code, 'Call after 6 pm', NULL,
                           CASE WHEN s.status = 'LOST' THEN 'Chose a competitor' END,
                           CASE WHEN g.n % 100 = 99 THEN 'CUSTOMER' ELSE 'CP' END,
                           CASE WHEN g.n % 100 = 99 THEN c.id ELSE cp.id END,
                           least(now(), t.at + interval '1 day'), t.at, least(now(), t.at + (g.n % 30) * interval '1 day')
                      FROM generate_series(0, ? - 1) AS g(n)
                      JOIN cps cp ON cp.k = g.n % ?
                      JOIN customers c ON c.k = (g.n::bigint * 7919) % ?
                     CROSS JOIN LATERAL (SELECT (ARRAY['NEW', 'NEW', 'NEW', 'NEW', 'NEW', 'NEW', 'IN_DISCUSSION', 'IN_DISCUSSION',
                                                       'IN_DISCUSSION', 'IN_DISCUSSION', 'PHYSICAL_MEETING', 'PHYSICAL_MEETING',
                                                       'CUSTOMER_ACCEPTED', 'WON', 'EXECUTED', 'EXECUTED', 'LOST', 'LOST', 'LOST',
                                                       'LOST'])[1 + g.n % 20] AS status) s
                     -- Five leads share each created_at (an import, a busy minute), so ties are everywhere.
                     CROSS JOIN LATERAL (SELECT now() - interval '730 days' + (g.n / 5) * interval '5 minutes' AS at) t""")) {
                leads.setObject(1, orgId);
                leads.setObject(2, orgId);
                leads.setLong(3, base);
                leads.setObject(4, orgId);
                leads.setInt(5, leadCount);
                leads.setInt(6, CPS);
                leads.setInt(7, CUSTOMERS);
                leads.execute();
            }
            statement.execute("SELECT setval('lead_number', " + (base + leadCount) + ")");
            try (PreparedStatement lines = owner.prepareStatement("""
                    INSERT INTO lead_services (lead_id, position, org_id, service_type, details)
                    SELECT l.id, p.position, l.org_id,
                           (ARRAY['SOLAR_ROOFTOP', 'SOLAR_WATER_HEATER', 'BATTERY_STORAGE', 'EV_CHARGER', 'MAINTENANCE'])
                               [1 + (substr(l.id, 6)::bigint + p.position) % 5], 'About ' || (p.position + 3) || ' kW'
                      FROM leads l CROSS JOIN generate_series(0, 2) AS p(position)
                     WHERE l.org_id = ? AND p.position <= substr(l.id, 6)::bigint % 3""")) {
                lines.setObject(1, orgId);
                lines.execute();
            }
            try (PreparedStatement history = owner.prepareStatement("""
                    INSERT INTO lead_status_history (org_id, lead_id, from_status, to_status, actor_id, at, override, reason,
                                                     seconds_in_previous_status)
                    SELECT org_id, id, NULL, 'NEW', created_by, created_at, false, NULL, NULL FROM leads WHERE org_id = ?
                    UNION ALL
                    SELECT org_id, id, 'NEW', status, created_by, status_changed_at, false, lost_reason,
                           extract(epoch FROM status_changed_at - created_at)::bigint
                      FROM leads WHERE org_id = ? AND status <> 'NEW'""")) {
                history.setObject(1, orgId);
                history.setObject(2, orgId);
                history.execute();
            }
            statement.execute("SET session_replication_role = DEFAULT");
            long loaded = System.nanoTime();
            for (String table : List.of("users", "leads", "lead_services", "lead_status_history")) {
                statement.execute("VACUUM (ANALYZE) " + table);
            }
            System.out.printf("bench: %d customers, %d leads with service lines and status history loaded in %.0f s, VACUUM ANALYZE %.0f s%n",
                    CUSTOMERS, leadCount, (loaded - started) / 1e9, (System.nanoTime() - loaded) / 1e9);
        }
    }

    /** Every KAM with their password; every CP with their phone and the code the app sent them by SMS. */
    private void signIn() throws Exception {
        List<List<String>> kamRows = new ArrayList<>();
        for (String[] kam : kams) {
            kamRows.add(List.of(kam[0], kam[1], PASSWORD, passwordSignIn(kam[1])));
        }
        BenchDir.writeTsv(dir.file("kams.tsv"), kamRows);
        BenchDir.writeTsv(dir.file("admin.tsv"), List.of(List.of(ADMIN_EMAIL, PASSWORD, adminToken)));

        SmsCodes codes = SmsCodes.watch(dir.outbox());
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<List<String>>> signedIn = new ArrayList<>();
            for (String[] cp : cps) {
                signedIn.add(pool.submit(() -> {
                    Instant asked = Instant.now();
                    http.send("POST", "/v1/auth/login", null, Map.of("phone", cp[1]), 202);
                    String code = codes.await(cp[1], asked, 60);
                    JsonNode tokens = http.send("POST", "/v1/auth/login", null, Map.of("phone", cp[1], "otp", code, "role", "CP"), 200);
                    return List.of(cp[0], cp[1], cp[2], tokens.path("accessToken").asText());
                }));
            }
            List<List<String>> cpRows = new ArrayList<>();
            for (Future<List<String>> row : signedIn) {
                cpRows.add(row.get());
            }
            BenchDir.writeTsv(dir.file("cps.tsv"), cpRows);
        } finally {
            pool.shutdownNow();
        }
        System.out.println("bench: the admin, " + KAMS + " KAMs and " + CPS + " CPs signed in");
    }

    /**
     * What the closed-loop runs work on: leads to open (any of the CP's), and leads to move one step forward (NEW ones,
     * each used once, so every PATCH is a real move), each with its CP's token.
     */
    private void writeWorkLists() throws SQLException {
        Map<String, String> tokenOf = new LinkedHashMap<>();
        for (String[] cp : BenchDir.readTsv(dir.file("cps.tsv"))) {
            tokenOf.put(cp[0], cp[3]);
        }
        List<List<String>> open = new ArrayList<>();
        List<List<String>> move = new ArrayList<>();
        try (Connection owner = dir.owner();
             PreparedStatement leads = owner.prepareStatement("""
                     SELECT cp_id, id, status FROM leads
                      WHERE org_id = ? AND cp_id IS NOT NULL AND status = 'NEW'
                      LIMIT 300000""")) {
            leads.setObject(1, orgId);
            try (ResultSet rows = leads.executeQuery()) {
                for (int n = 0; rows.next(); n++) {
                    List<String> row = List.of(tokenOf.get(rows.getString(1)), rows.getString(2));
                    (n % 10 == 0 ? open : move).add(row);
                }
            }
        }
        Random random = new Random(10);
        Collections.shuffle(open, random);
        Collections.shuffle(move, random);
        BenchDir.writeTsv(dir.file("leads-open.tsv"), open);
        BenchDir.writeTsv(dir.file("leads-move.tsv"), move);
        BenchDir.writeTsv(dir.file("org.tsv"), List.of(List.of(orgId)));
    }

    private String passwordSignIn(String email) {
        return http.send("POST", "/v1/auth/login", null, Map.of("email", email, "password", PASSWORD), 200).path("accessToken").asText();
    }
}
