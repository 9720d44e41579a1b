package com.cpnetwork.bench;

import com.cpnetwork.Backend;
import com.cpnetwork.leads.Lead;
import com.cpnetwork.leads.LeadFilter;
import com.cpnetwork.leads.LeadListingSql;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Page;
import com.cpnetwork.platform.PageRequest;
import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.db.TransactionScope;
import com.cpnetwork.testing.Fixtures;
import com.cpnetwork.testing.TestBackend;
import com.cpnetwork.testing.TestInfrastructure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * {@code GET /v1/leads} over one million leads: the query plan and the time of a page, for a CP, a KAM and an admin.
 *
 * <p>Starts the test infrastructure (embedded PostgreSQL, Azurite, the real migrations via {@code Setup}), makes one
 * organization through the real services (10 KAMs, 200 CPs over 5 states), then inserts 200,000 customers, the leads
 * and their service lines with {@code generate_series} as the schema owner, and runs {@code VACUUM ANALYZE}. Each
 * scenario then runs the application's own list query ({@code LeadRepository.list}) as the application role inside a
 * transaction with the caller's {@code set_config} scope, so row-level security applies, and prints:
 * {@code EXPLAIN (ANALYZE, BUFFERS)} of it with the bound values (the plan of a first execution), the same under
 * {@code plan_cache_mode = force_generic_plan} (the plan a pooled connection may settle on once the statement is
 * server-prepared), the median and p95 of the statement alone, and of the whole use case
 * {@code LeadService.listLeads} (account check, the page, its service lines, commit).
 *
 * <p>Not part of the build's tests; run by hand as docs/benchmarks/leads-one-million.md says. System properties:
 * {@code leads} (1000000), {@code runs} (200), {@code out} (a file to copy the report to), {@code trigram} (true adds a
 * pg_trgm index that is not part of the schema, to see what it would do for searches by part of a name).
 */
public final class LeadListBenchmark {

    private static final int LEADS = Integer.getInteger("leads", 1_000_000);
    private static final int RUNS = Integer.getInteger("runs", 200);
    private static final int WARM_UP = 20;
    private static final LeadFilter NO_FILTER = new LeadFilter(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    private final BenchReport report = new BenchReport("target/leads-one-million.txt");
    private final Backend backend;
    private final Database database = TestInfrastructure.get().database();

    private LeadListBenchmark(Backend backend) {
        this.backend = backend;
    }

    public static void main(String[] args) throws Exception {
        try (TestBackend world = TestBackend.start()) {
            new LeadListBenchmark(world.backend()).run(world.fixtures());
        }
        System.exit(0);
    }

    private void run(Fixtures fixtures) throws SQLException {
        OneMillionLeads.Organization organization = OneMillionLeads.organization(backend, fixtures);
        Caller admin = organization.admin();
        fill(admin);

        Caller cp = Fixtures.callerOf(organization.cps().get(0));
        Caller kam = Fixtures.callerOf(organization.kams().get(0));
        String phone = busiestCustomerPhone(admin);
        String cpPhone = newestPhoneOf(cp);
        PageRequest first = new PageRequest(PageRequest.DEFAULT_LIMIT, Optional.empty());
        PageRequest cpSecond = PageRequest.of(Optional.empty(),
                Optional.of(backend.leads().listLeads(cp, NO_FILTER, first).nextCursor()));
        PageRequest cpDeep = new PageRequest(PageRequest.DEFAULT_LIMIT, Optional.of(position(
                "SELECT created_at, id FROM leads WHERE org_id = ? AND cp_id = ? ORDER BY created_at DESC, id DESC OFFSET " + (LEADS / OneMillionLeads.CPS / 2 - 1) + " LIMIT 1",
                admin.orgId(), cp.userId())));
        PageRequest adminMiddle = new PageRequest(PageRequest.DEFAULT_LIMIT, Optional.of(position(
                "SELECT created_at, id FROM leads WHERE org_id = ? ORDER BY created_at DESC, id DESC OFFSET " + (LEADS / 2 - 1) + " LIMIT 1",
                admin.orgId())));
        LeadFilter byPhone = new LeadFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(phone), Optional.empty());
        LeadFilter byCpPhone = new LeadFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(cpPhone), Optional.empty());
        LeadFilter byName = new LeadFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("customer 199999"),
                Optional.empty());

        scenario("CP, first page", cp, NO_FILTER, first);
        scenario("CP, second page (cursor from the first)", cp, NO_FILTER, cpSecond);
        scenario("CP, a page in the middle of the CP's leads (cursor after " + LEADS / OneMillionLeads.CPS / 2 + ")", cp, NO_FILTER, cpDeep);
        scenario("CP, q=<the phone of one of the CP's customers>", cp, byCpPhone, first);
        scenario("CP, q=<part of a name>", cp, byName, first);
        scenario("KAM, first page", kam, NO_FILTER, first);
        scenario("ADMIN, first page", admin, NO_FILTER, first);
        scenario("ADMIN, a page in the middle (cursor after " + LEADS / 2 + " leads)", admin, NO_FILTER, adminMiddle);
        scenario("ADMIN, q=<a customer phone>", admin, byPhone, first);
        scenario("ADMIN, q=<part of a name>", admin, byName, first);
        report.writeOut();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Data

    private void fill(Caller admin) throws SQLException {
        try (Connection owner = TestInfrastructure.get().ownerConnection(); Statement statement = owner.createStatement()) {
            report.say("PostgreSQL: " + OneMillionLeads.one(owner, "SELECT version()"));
            report.say("Machine: " + Runtime.getRuntime().availableProcessors() + " CPUs; shared_buffers "
                    + OneMillionLeads.one(owner, "SHOW shared_buffers") + ", work_mem " + OneMillionLeads.one(owner, "SHOW work_mem")
                    + ", random_page_cost " + OneMillionLeads.one(owner, "SHOW random_page_cost"));
            long started = System.nanoTime();
            OneMillionLeads.insertLeads(owner, admin, LEADS);
            if (Boolean.getBoolean("trigram")) {
                // An experiment, not the schema: what a trigram index would do for q=<part of a name>.
                statement.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm");
                statement.execute("CREATE INDEX leads_search_trigram ON leads USING gin (customer_name gin_trgm_ops, customer_phone gin_trgm_ops)");
                report.say("Experiment: pg_trgm GIN index leads_search_trigram (customer_name, customer_phone) added");
            }
            long loaded = System.nanoTime();
            for (String table : List.of("users", "leads", "lead_services")) {
                statement.execute("VACUUM (ANALYZE) " + table);
            }
            report.say("Loaded " + OneMillionLeads.one(owner, "SELECT count(*) FROM leads WHERE org_id = '" + admin.orgId() + "'") + " leads, "
                    + OneMillionLeads.one(owner, "SELECT count(*) FROM lead_services WHERE org_id = '" + admin.orgId() + "'") + " service lines, "
                    + OneMillionLeads.CUSTOMERS + " customers in " + BenchReport.seconds(loaded - started) + " s; VACUUM ANALYZE " + BenchReport.seconds(System.nanoTime() - loaded) + " s");
            report.say("Sizes: leads " + OneMillionLeads.one(owner, "SELECT pg_size_pretty(pg_table_size('leads'))") + " (heap), indexes: "
                    + String.join(", ", OneMillionLeads.column(owner, """
                            SELECT indexrelid::regclass || ' ' || pg_size_pretty(pg_relation_size(indexrelid))
                              FROM pg_index WHERE indrelid = 'leads'::regclass ORDER BY indexrelid::regclass::text""")));
        }
    }

    private String busiestCustomerPhone(Caller admin) throws SQLException {
        try (Connection owner = TestInfrastructure.get().ownerConnection();
             PreparedStatement statement = owner.prepareStatement(
                     "SELECT customer_phone, count(*) FROM leads WHERE org_id = ? GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1")) {
            statement.setObject(1, admin.orgId());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                report.say("q: " + rows.getString(1) + " (the phone of " + rows.getLong(2) + " leads)");
                return rows.getString(1);
            }
        }
    }

    private String newestPhoneOf(Caller cp) throws SQLException {
        try (Connection owner = TestInfrastructure.get().ownerConnection();
             PreparedStatement statement = owner.prepareStatement(
                     "SELECT customer_phone FROM leads WHERE org_id = ? AND cp_id = ? ORDER BY created_at DESC, id DESC LIMIT 1")) {
            statement.setObject(1, cp.orgId());
            statement.setObject(2, cp.userId());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    private PageRequest.Position position(String sql, Object... parameters) throws SQLException {
        try (Connection owner = TestInfrastructure.get().ownerConnection(); PreparedStatement statement = owner.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new PageRequest.Position(rows.getObject(1, java.time.OffsetDateTime.class).toInstant(), rows.getString(2));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Measurement

    /** The application's list statement as it was sent: SQL with {@code ?} and the bound arguments in order. */
    private record Captured(String sql, List<Argument> arguments, StatementContext context) {
    }

    private void scenario(String name, Caller caller, LeadFilter filter, PageRequest page) {
        report.say("");
        report.say("## " + name);
        report.say("");
        TransactionScope scope = TransactionScope.user(caller.orgId(), caller.userId(), caller.role().name());
        List<String> lines = database.inTransaction(scope, handle -> {
            Captured query = capture(backend, handle, caller, filter, page);
            List<String> out = new ArrayList<>();
            out.add("SQL (as sent by LeadRepository.list, $n in order): ");
            out.add(numbered(query.sql()));
            out.add("Arguments: " + describe(query));
            out.add("");
            out.add("EXPLAIN (ANALYZE, BUFFERS) EXECUTE under plan_cache_mode = force_custom_plan (planned for the bound values):");
            out.addAll(explain(handle, query, false));
            out.add("");
            out.add("EXPLAIN (ANALYZE, BUFFERS) EXECUTE under plan_cache_mode = force_generic_plan (one plan for any values):");
            out.addAll(explain(handle, query, true));
            out.add("");
            out.add("Statement alone, one connection, " + statementTimes(handle, query));
            return out;
        });
        lines.forEach(report::say);
        List<Page<Lead>> sink = new ArrayList<>();
        report.say("LeadService.listLeads, " + time(() -> {
            sink.add(backend.leads().listLeads(caller, filter, page));
            return null;
        }) + "; items on the page: " + sink.get(0).items().size());
    }

    private static Captured capture(Backend backend, Handle handle, Caller caller, LeadFilter filter, PageRequest page) {
        AtomicReference<Captured> first = new AtomicReference<>();
        SqlStatements statements = handle.getConfig(SqlStatements.class);
        SqlLogger previous = statements.getSqlLogger();
        statements.setSqlLogger(new SqlLogger() {
            @Override
            public void logBeforeExecution(StatementContext context) {
                if (first.get() == null) {
                    List<Argument> arguments = context.getParsedSql().getParameters().getParameterNames().stream()
                            .map(parameter -> context.getBinding().findForName(parameter, context).orElseThrow()).toList();
                    first.set(new Captured(context.getParsedSql().getSql(), arguments, context));
                }
            }
        });
        try {
            LeadListingSql.list(backend.leads(), handle, caller, filter, page);
        } finally {
            statements.setSqlLogger(previous);
        }
        return first.get();
    }

    /**
     * EXPLAIN of the captured statement, prepared server-side as the driver does after a few executions, planned with
     * the bound values ({@code force_custom_plan}) or without them ({@code force_generic_plan}).
     */
    private static List<String> explain(Handle handle, Captured query, boolean generic) {
        Connection connection = handle.getConnection();
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL plan_cache_mode = " + (generic ? "force_generic_plan" : "force_custom_plan"));
                statement.execute("PREPARE leads_page AS " + numbered(query.sql()));
            }
            // EXECUTE's arguments are written as literals cast to the types PostgreSQL gave the parameters: a utility
            // statement cannot infer the type of a driver parameter sent untyped (as null timestamps are).
            List<String> types = OneMillionLeads.column(connection,
                    "SELECT unnest(parameter_types)::text FROM pg_prepared_statements WHERE name = 'leads_page'");
            List<String> values = literals(query);
            List<String> arguments = new ArrayList<>();
            for (int i = 0; i < types.size(); i++) {
                arguments.add("CAST(" + values.get(i) + " AS " + types.get(i) + ")");
            }
            String text = "EXPLAIN (ANALYZE, BUFFERS) EXECUTE leads_page(" + String.join(", ", arguments) + ")";
            try (Statement statement = connection.createStatement()) {
                List<String> plan = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery(text)) {
                    while (rows.next()) {
                        plan.add("    " + rows.getString(1));
                    }
                }
                return plan;
            } finally {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("DEALLOCATE leads_page");
                    statement.execute("SET LOCAL plan_cache_mode = auto");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String statementTimes(Handle handle, Captured query) {
        Connection connection = handle.getConnection();
        return time(() -> {
            try (PreparedStatement statement = connection.prepareStatement(query.sql())) {
                bind(statement, query);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        rows.getString(1);
                    }
                }
                return null;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }) + "; the server-side statement used " + planChoices(connection, query.sql());
    }

    /** How PostgreSQL planned the server-prepared statement on this connection: generic and custom plan counts. */
    private static String planChoices(Connection connection, String sql) {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = ?")) {
            statement.setString(1, numbered(sql));
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) + " generic and " + rows.getLong(2) + " custom plans" : "no server-side plan";
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bind(PreparedStatement statement, Captured query) throws SQLException {
        for (int i = 0; i < query.arguments().size(); i++) {
            query.arguments().get(i).apply(i + 1, statement, query.context());
        }
    }

    /** Median, p95 and max of {@link #RUNS} runs after a warm-up; a query slower than 50 ms gets 20 runs only. */
    private static String time(Supplier<Void> work) {
        long first = System.nanoTime();
        work.get();
        boolean slow = System.nanoTime() - first > 50_000_000L;
        int runs = slow ? Math.min(RUNS, 20) : RUNS;
        for (int i = 1; i < (slow ? 2 : WARM_UP); i++) {
            work.get();
        }
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long started = System.nanoTime();
            work.get();
            nanos[i] = System.nanoTime() - started;
        }
        Arrays.sort(nanos);
        return String.format("%d runs: median %.2f ms, p95 %.2f ms, max %.2f ms", runs, nanos[runs / 2] / 1e6,
                nanos[(int) Math.ceil(runs * 0.95) - 1] / 1e6, nanos[runs - 1] / 1e6);
    }

    /** {@code ?} placeholders as PostgreSQL's {@code $1, $2, ...}, as the driver sends them. */
    private static String numbered(String sql) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (char c : sql.toCharArray()) {
            if (c == '?') {
                out.append('$').append(++n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String describe(Captured query) {
        List<String> names = query.context().getParsedSql().getParameters().getParameterNames();
        List<String> values = literals(query);
        List<String> described = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            described.add("$" + (i + 1) + " :" + names.get(i) + " = " + values.get(i));
        }
        return String.join(", ", described);
    }

    /** The bound values as SQL literals, read by letting each argument bind itself to a recording statement. */
    private static List<String> literals(Captured query) {
        String[] values = new String[query.arguments().size()];
        PreparedStatement recorder = (PreparedStatement) Proxy.newProxyInstance(LeadListBenchmark.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer position) {
                        Object value = method.getName().equals("setNull") ? null : args[1];
                        values[position - 1] = value == null ? "NULL"
                                : value instanceof Number ? value.toString()
                                : "'" + value.toString().replace("'", "''") + "'";
                    }
                    return null;
                });
        try {
            bind(recorder, query);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return List.of(values);
    }
}
