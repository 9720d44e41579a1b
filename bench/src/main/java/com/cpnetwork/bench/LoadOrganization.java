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
 * customers, 1,000,000 leads (5,000 per CP), their 2,000,000 service lines and status history, and quotations on the
 * leads that got that far (two in five; {@link #loadQuotations}). Then every account signs in the way its person
 * would (KAMs and the admin with a password, CPs and 200 customers with their phone and the SMS code from the local
 * outbox) and the tokens, with the leads and quotations the closed-loop runs work on, are written to
 * {@code <bench.dir>/run/}.
 *
 * <p>Each kind of data is one step of {@link #main}.
 */
public final class LoadOrganization {

    static final int KAMS = 10;
    static final int CPS = 200;
    static final int CUSTOMERS = 200_000;
    static final List<String> STATES = List.of("MH", "KA", "GJ", "TN", "RJ");
    static final String ADMIN_EMAIL = "admin@bench.example";
    static final String PASSWORD = "bench-correct-horse-battery";
    /** Quotations made through the API (rendered proposals, real customers' SMS); the rest are loaded as the owner. */
    static final int API_QUOTATIONS = 20;
    /** Customers with a shared quotation who sign in, the API ones included. */
    static final int SIGNED_IN_CUSTOMERS = 200;
    static final String ORG_STATE = "MH";

    private final BenchDir dir;
    private final Http http;
    private final int leadCount;
    private UUID orgId;
    private String adminToken;
    private final List<String[]> kams = new ArrayList<>();
    private final List<String[]> cps = new ArrayList<>();
    private final List<String> apiCustomerPhones = new ArrayList<>();

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
        load.loadQuotations();
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

    /**
     * Quotations on two leads in five. First {@value #API_QUOTATIONS} through the API, as an admin would
     * make them: a lead for a new customer (so that customer's account exists), a FINAL quotation (its proposal is
     * rendered in the background) and its sharing (the customer gets an SMS). Then, as the owner, one quotation of
     * version 1 for every lead that got that far: SHARED at PHYSICAL_MEETING, ACCEPTED (with its evidence) from
     * CUSTOMER_ACCEPTED on, FINAL on a quarter of those IN_DISCUSSION and REJECTED on a quarter of the lost ones. Their
     * content is an API quotation's (one made in the organization's state, one in another: CGST + SGST or IGST) with the
     * lead's ids, customer and dates put in, written in the canonical form and hashed as the app does, so the rows are
     * what the app would have written; their proposals stay PENDING (no job asks for them).
     */
    private void loadQuotations() throws SQLException {
        long started = System.nanoTime();
        http.send("PATCH", "/v1/organizations/current", adminToken, Map.of("legalName", "Bench Solar Pvt Ltd", "gstin", "27AAPFU0939F1ZV",
                "stateCode", ORG_STATE, "address", "Plot 12, MIDC, Mumbai"), 200);
        for (int i = 0; i < API_QUOTATIONS; i++) {
            String[] cp = cps.get(i * CPS / API_QUOTATIONS + i % STATES.size()); // CPs of every state
            String phone = String.format("+9195%08d", i);
            JsonNode lead = http.send("POST", "/v1/leads", adminToken, Map.of("customerName", "App Customer " + i, "customerPhone", phone,
                    "address", "Flat " + i + ", Lake View", "stateCode", cp[2], "cpId", cp[0],
                    "services", List.of(Map.of("type", "SOLAR_ROOFTOP", "details", "About 5 kW"))), 201);
            JsonNode quotation = http.send("POST", "/v1/quotations", adminToken, Map.of("leadId", lead.path("id").asText(),
                    "systemPrice", "165000", "marginPercent", "12.5", "status", "FINAL", "lineItems", List.of(
                            Map.of("description", "Solar module 540 Wp", "quantity", 10, "unitPrice", "12000", "hsnSac", "85414011",
                                    "gstRatePercent", 5),
                            Map.of("description", "Inverter 5 kW", "quantity", 1, "unitPrice", "45000", "hsnSac", "85044010",
                                    "gstRatePercent", 18))), 201);
            http.send("PATCH", "/v1/quotations/" + quotation.path("id").asText() + "/share", adminToken, null, 200);
            apiCustomerPhones.add(phone);
        }
        try (Connection owner = dir.owner(); Statement statement = owner.createStatement()) {
            QuotationTemplate intraState = QuotationTemplate.of(owner, orgId, true);
            QuotationTemplate interState = QuotationTemplate.of(owner, orgId, false);
            statement.execute("SET session_replication_role = replica");
            long base;
            try (ResultSet rows = statement.executeQuery("SELECT nextval('quotation_number')")) {
                rows.next();
                base = rows.getLong(1);
            }
            int loaded;
            try (PreparedStatement quotations = owner.prepareStatement("""
                    INSERT INTO quotations (id, org_id, lead_id, author_id, status, version, content, valid_until, grand_total, shared_at,
                                            decided_at, reject_reason, created_at, updated_at)
                    SELECT 'QUOTE-' || (? + row_number() OVER (ORDER BY l.created_at, l.id)), l.org_id, l.id, l.cp_id, s.status, 1,
                           jsonb_set(CASE WHEN l.state_code = ? THEN CAST(? AS jsonb) ELSE CAST(? AS jsonb) END, '{terms,validUntil}',
                                     to_jsonb(CAST(t.validUntil AS text))),
                           t.validUntil, CASE WHEN l.state_code = ? THEN ? ELSE ? END,
                           CASE WHEN s.status <> 'FINAL' THEN t.at + interval '1 hour' END,
                           CASE WHEN s.status IN ('ACCEPTED', 'REJECTED') THEN greatest(l.status_changed_at, t.at + interval '2 hours') END,
                           CASE WHEN s.status = 'REJECTED' THEN 'Too expensive' END, t.at,
                           CASE WHEN s.status = 'FINAL' THEN t.at ELSE greatest(l.status_changed_at, t.at + interval '2 hours') END
                      FROM leads l
                     CROSS JOIN LATERAL (SELECT date_trunc('second', l.created_at) + interval '12 hours 250 milliseconds' AS at) a
                     CROSS JOIN LATERAL (SELECT a.at, CAST((a.at AT TIME ZONE 'UTC') + interval '30 days' AS date) AS validUntil) t
                     CROSS JOIN LATERAL (SELECT CASE
                               WHEN l.status = 'PHYSICAL_MEETING' THEN 'SHARED'
                               WHEN l.status IN ('CUSTOMER_ACCEPTED', 'WON', 'EXECUTED') THEN 'ACCEPTED'
                               WHEN l.status = 'IN_DISCUSSION' AND substr(l.id, 6)::bigint % 4 = 0 THEN 'FINAL'
                               WHEN l.status = 'LOST' AND substr(l.id, 6)::bigint % 4 = 0 THEN 'REJECTED' END AS status) s
                     WHERE l.org_id = ? AND l.cp_id IS NOT NULL AND s.status IS NOT NULL
                       AND NOT EXISTS (SELECT 1 FROM quotations q WHERE q.lead_id = l.id)""")) {
                quotations.setLong(1, base);
                quotations.setString(2, ORG_STATE);
                quotations.setString(3, intraState.body());
                quotations.setString(4, interState.body());
                quotations.setString(5, ORG_STATE);
                quotations.setBigDecimal(6, intraState.grandTotal());
                quotations.setBigDecimal(7, interState.grandTotal());
                quotations.setObject(8, orgId);
                loaded = quotations.executeUpdate();
            }
            statement.execute("SELECT setval('quotation_number', " + (base + loaded) + ")");
            try (PreparedStatement versions = owner.prepareStatement("""
                    INSERT INTO quotation_versions (quotation_id, version, org_id, content, content_sha256, frozen_at, frozen_by)
                    SELECT q.id, 1, q.org_id, CAST(c.text AS jsonb), encode(sha256(convert_to(c.text, 'UTF8')), 'hex'), q.created_at,
                           q.author_id
                      FROM quotations q JOIN leads l ON l.id = q.lead_id
                     CROSS JOIN LATERAL (SELECT CASE WHEN l.state_code = ? THEN ? ELSE ? END AS template) p
                     CROSS JOIN LATERAL (SELECT replace(replace(replace(replace(replace(replace(replace(replace(replace(p.template,
                               ?, to_json(q.id)::text), ?, to_json(l.id)::text), ?, to_json(l.customer_name)::text),
                               ?, to_json(l.customer_phone)::text), ?, to_json(l.address)::text), ?, to_json(l.state_code)::text),
                               ?, to_json(to_char(q.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'))::text),
                               ?, to_json(CAST(q.valid_until AS text))::text),
                               ?, to_json(to_char(q.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text) AS text) c
                     WHERE q.org_id = ? AND NOT EXISTS (SELECT 1 FROM quotation_versions o WHERE o.quotation_id = q.id)""")) {
                int p = 1;
                versions.setString(p++, ORG_STATE);
                versions.setString(p++, intraState.canonical());
                versions.setString(p++, interState.canonical());
                for (String field : QuotationTemplate.FIELDS) {
                    versions.setString(p++, QuotationTemplate.placeholder(field));
                }
                versions.setObject(p, orgId);
                versions.executeUpdate();
            }
            try (PreparedStatement acceptances = owner.prepareStatement("""
                    INSERT INTO quotation_acceptances (quotation_id, org_id, version, content_sha256, pdf_sha256, accepted_at, accepted_by,
                                                       client_ip, user_agent, override, reason)
                    SELECT q.id, q.org_id, 1, v.content_sha256, NULL, q.decided_at, l.customer_id, '203.0.113.7', 'CustomerApp/1.0',
                           false, NULL
                      FROM quotations q JOIN quotation_versions v ON v.quotation_id = q.id AND v.version = 1
                      JOIN leads l ON l.id = q.lead_id
                     WHERE q.org_id = ? AND q.status = 'ACCEPTED'""")) {
                acceptances.setObject(1, orgId);
                acceptances.executeUpdate();
            }
            statement.execute("SET session_replication_role = DEFAULT");
            for (String table : List.of("quotations", "quotation_versions", "quotation_acceptances")) {
                statement.execute("VACUUM (ANALYZE) " + table);
            }
            if (loaded > 0) {
                QuotationTemplate.checkLoaded(owner, "QUOTE-" + (base + loaded));
            }
            System.out.printf("bench: %d quotations through the API, %d as the owner (with versions and acceptances) in %.0f s%n",
                    API_QUOTATIONS, loaded, (System.nanoTime() - started) / 1e9);
        }
    }

    /**
     * Every KAM with their password; every CP, and {@value #SIGNED_IN_CUSTOMERS} customers with a shared quotation
     * (the API-made ones first), with their phone and the code the app sent them by SMS.
     */
    private void signIn() throws Exception {
        List<List<String>> kamRows = new ArrayList<>();
        for (String[] kam : kams) {
            kamRows.add(List.of(kam[0], kam[1], PASSWORD, passwordSignIn(kam[1])));
        }
        BenchDir.writeTsv(dir.file("kams.tsv"), kamRows);
        BenchDir.writeTsv(dir.file("admin.tsv"), List.of(List.of(ADMIN_EMAIL, PASSWORD, adminToken)));

        List<String[]> customers = customersWithSharedQuotations();
        SmsCodes codes = SmsCodes.watch(dir.outbox());
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<List<String>>> cpRows = new ArrayList<>();
            for (String[] cp : cps) {
                cpRows.add(pool.submit(() -> List.of(cp[0], cp[1], cp[2], phoneSignIn(codes, cp[1], "CP"))));
            }
            List<Future<List<String>>> customerRows = new ArrayList<>();
            for (String[] customer : customers) {
                customerRows.add(pool.submit(() -> List.of(customer[0], customer[1], phoneSignIn(codes, customer[1], "CUSTOMER"))));
            }
            BenchDir.writeTsv(dir.file("cps.tsv"), results(cpRows));
            BenchDir.writeTsv(dir.file("customers.tsv"), results(customerRows));
        } finally {
            pool.shutdownNow();
        }
        System.out.println("bench: the admin, " + KAMS + " KAMs, " + CPS + " CPs and " + customers.size() + " customers signed in");
    }

    /** Signs in with {@code phone} and the code the app sent it by SMS; returns the access token. */
    private String phoneSignIn(SmsCodes codes, String phone, String role) throws InterruptedException {
        Instant asked = Instant.now();
        http.send("POST", "/v1/auth/login", null, Map.of("phone", phone), 202);
        String code = codes.await(phone, asked, 60);
        return http.send("POST", "/v1/auth/login", null, Map.of("phone", phone, "otp", code, "role", role), 200).path("accessToken").asText();
    }

    private static List<List<String>> results(List<Future<List<String>>> rows) throws Exception {
        List<List<String>> done = new ArrayList<>();
        for (Future<List<String>> row : rows) {
            done.add(row.get());
        }
        return done;
    }

    /** The customers (id, phone) who sign in: the API-made quotations' customers, then others with a shared quotation. */
    private List<String[]> customersWithSharedQuotations() throws SQLException {
        List<String[]> customers = new ArrayList<>();
        try (Connection owner = dir.owner();
             PreparedStatement query = owner.prepareStatement("""
                     SELECT u.id, u.phone FROM users u
                      WHERE u.org_id = ? AND u.role = 'CUSTOMER' AND EXISTS (
                            SELECT 1 FROM leads l JOIN quotations q ON q.lead_id = l.id
                             WHERE l.org_id = u.org_id AND l.customer_id = u.id AND q.shared_at IS NOT NULL)
                      ORDER BY u.phone = ANY(?) DESC, u.phone
                      LIMIT ?""")) {
            query.setObject(1, orgId);
            query.setArray(2, owner.createArrayOf("text", apiCustomerPhones.toArray()));
            query.setInt(3, SIGNED_IN_CUSTOMERS);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    customers.add(new String[] {rows.getString(1), rows.getString(2)});
                }
            }
        }
        return customers;
    }

    /**
     * What the closed-loop runs work on: leads to open (any of the CP's), and leads to move one step forward (NEW ones,
     * each used once, so every PATCH is a real move), each with its CP's token; the quotations shared with the signed-in
     * customers, each with its customer's token.
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
        Map<String, String> customerToken = new LinkedHashMap<>();
        for (String[] customer : BenchDir.readTsv(dir.file("customers.tsv"))) {
            customerToken.put(customer[0], customer[2]);
        }
        List<List<String>> quotations = new ArrayList<>();
        try (Connection owner = dir.owner();
             PreparedStatement shared = owner.prepareStatement("""
                     SELECT l.customer_id, q.id FROM quotations q JOIN leads l ON l.id = q.lead_id
                      WHERE q.org_id = ? AND q.shared_at IS NOT NULL AND l.customer_id = ANY(?)""")) {
            shared.setObject(1, orgId);
            shared.setArray(2, owner.createArrayOf("uuid", customerToken.keySet().stream().map(UUID::fromString).toArray()));
            try (ResultSet rows = shared.executeQuery()) {
                while (rows.next()) {
                    quotations.add(List.of(customerToken.get(rows.getString(1)), rows.getString(2)));
                }
            }
        }
        Random random = new Random(10);
        Collections.shuffle(open, random);
        Collections.shuffle(move, random);
        Collections.shuffle(quotations, random);
        BenchDir.writeTsv(dir.file("leads-open.tsv"), open);
        BenchDir.writeTsv(dir.file("leads-move.tsv"), move);
        BenchDir.writeTsv(dir.file("quotations-open.tsv"), quotations);
        BenchDir.writeTsv(dir.file("org.tsv"), List.of(List.of(orgId)));
    }

    private String passwordSignIn(String email) {
        return http.send("POST", "/v1/auth/login", null, Map.of("email", email, "password", PASSWORD), 200).path("accessToken").asText();
    }
}
