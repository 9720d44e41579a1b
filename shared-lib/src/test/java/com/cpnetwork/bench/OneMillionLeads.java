package com.cpnetwork.bench;

import com.cpnetwork.Backend;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Role;
import com.cpnetwork.testing.Fixtures;
import com.cpnetwork.users.NewUser;
import com.cpnetwork.users.User;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The data set the benchmarks at one million leads share: one organization of 10 KAMs and 200 CPs over five states
 * (made through the real services), then 200,000 customers, the leads spread evenly over the CPs (1 % unassigned) over
 * two years with mixed statuses, and 1–3 service lines each, inserted as the schema owner with {@code generate_series}.
 */
final class OneMillionLeads {

    static final int KAMS = 10;
    static final int CPS = 200;
    static final int CUSTOMERS = 200_000;
    static final List<String> STATES = List.of("MH", "KA", "GJ", "TN", "RJ");

    /** The organization's admin, its KAMs and its CPs (CP {@code i} in state {@code i % 5}, looked after by KAM {@code i % 10}). */
    record Organization(Caller admin, List<User> kams, List<User> cps) {
    }

    private OneMillionLeads() {
    }

    static Organization organization(Backend backend, Fixtures fixtures) {
        Caller admin = fixtures.anOrganization();
        List<User> kams = new ArrayList<>();
        for (int i = 0; i < KAMS; i++) {
            kams.add(fixtures.aKam(admin));
        }
        List<User> cps = new ArrayList<>();
        for (int i = 0; i < CPS; i++) {
            cps.add(backend.users().createUser(admin, new NewUser(Role.CP, "CP " + i, null, Fixtures.aPhone(), null,
                    STATES.get(i % STATES.size()), kams.get(i % KAMS).id()), false));
        }
        return new Organization(admin, kams, cps);
    }

    /** Customers, {@code count} leads and their service lines; the caller runs {@code VACUUM ANALYZE} when it has added its own rows. */
    static void insertLeads(Connection owner, Caller admin, int count) throws SQLException {
        try (Statement statement = owner.createStatement()) {
            // Rows are consistent by construction; skipping the foreign-key triggers makes the load minutes faster.
            statement.execute("SET session_replication_role = replica");
            try (PreparedStatement customers = owner.prepareStatement("""
                    INSERT INTO users (id, org_id, role, name, phone, active, blocked_token, created_at, updated_at)
                    SELECT gen_random_uuid(), ?, 'CUSTOMER', 'Customer ' || n, '+9197' || lpad(n::text, 8, '0'), true, false,
                           now() - interval '3 years', now() - interval '3 years'
                      FROM generate_series(0, ? - 1) AS g(n)""")) {
                customers.setObject(1, admin.orgId());
                customers.setInt(2, CUSTOMERS);
                customers.execute();
            }
            long base = Long.parseLong(one(owner, "SELECT nextval('lead_number')"));
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
                     -- Statuses in these shares overall and for every CP alike (CP k holds the leads n = k mod 200).
                     CROSS JOIN LATERAL (SELECT (ARRAY['NEW', 'NEW', 'NEW', 'NEW', 'NEW', 'NEW', 'IN_DISCUSSION', 'IN_DISCUSSION',
                                                       'IN_DISCUSSION', 'IN_DISCUSSION', 'PHYSICAL_MEETING', 'PHYSICAL_MEETING',
                                                       'CUSTOMER_ACCEPTED', 'WON', 'EXECUTED', 'EXECUTED', 'LOST', 'LOST', 'LOST',
                                                       'LOST'])[1 + (g.n * 7 + g.n / ?) % 20] AS status) s
                     -- Five leads share each created_at (an import, a busy minute), so ties are everywhere.
                     CROSS JOIN LATERAL (SELECT now() - interval '730 days' + (g.n / 5) * interval '5 minutes' AS at) t""")) {
                leads.setObject(1, admin.orgId());
                leads.setObject(2, admin.orgId());
                leads.setLong(3, base);
                leads.setObject(4, admin.orgId());
                leads.setInt(5, count);
                leads.setInt(6, CPS);
                leads.setInt(7, CUSTOMERS);
                leads.setInt(8, CPS);
                leads.execute();
            }
            statement.execute("SELECT setval('lead_number', " + (base + count) + ")");
            try (PreparedStatement lines = owner.prepareStatement("""
                    INSERT INTO lead_services (lead_id, position, org_id, service_type, details)
                    SELECT l.id, p.position, l.org_id,
                           (ARRAY['SOLAR_ROOFTOP', 'SOLAR_WATER_HEATER', 'BATTERY_STORAGE', 'EV_CHARGER', 'MAINTENANCE'])
                               [1 + (substr(l.id, 6)::bigint + p.position) % 5], 'About ' || (p.position + 3) || ' kW'
                      FROM leads l CROSS JOIN generate_series(0, 2) AS p(position)
                     WHERE l.org_id = ? AND p.position <= substr(l.id, 6)::bigint % 3""")) {
                lines.setObject(1, admin.orgId());
                lines.execute();
            }
            statement.execute("SET session_replication_role = DEFAULT");
        }
    }

    static String one(Connection connection, String sql) throws SQLException {
        return column(connection, sql).get(0);
    }

    static List<String> column(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
