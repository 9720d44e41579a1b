package com.cpnetwork.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The API against the database's own ceiling, per request type, in one run on one machine:
 *
 * <ol>
 *   <li><b>Capture</b>: with {@code log_statement = all} switched on for a moment (as the owner, {@code ALTER SYSTEM}
 *       and a reload), each request type is sent 20 times (writes 100), one request at a time between two marker
 *       statements; the statements (SQL and bound values) that the app's connection sent in between are read back from
 *       the server's log ({@code <data>/postgres/log/}). What the captured creates wrote is deleted again (as the
 *       owner), so their replays take the same path (a new customer, a new lead).</li>
 *   <li><b>pgbench</b> replays exactly those statements, as the application role (so row-level security applies),
 *       {@code -M prepared} with the captured values bound as parameters ({@code NULL}s written in place), each captured
 *       request one script picked at random per transaction; writes end with {@code ROLLBACK} instead of
 *       {@code COMMIT}, so the same captured ids can be replayed (with {@code synchronous_commit = off} a commit costs
 *       little, so this flatters the ceiling slightly; on the other hand a replayed move updates one of only 100 leads
 *       over and over, where the API moves each lead once). The statements the driver sends in one round trip
 *       ({@code BEGIN} with the transaction's scope, and the account check when it rides along) go in one pipeline.
 *       Clients: the app's pool size.</li>
 *   <li><b>API</b>: wrk, closed loop, on the same request type ({@code bench/wrk/requests.lua}), right before.</li>
 * </ol>
 *
 * Writes {@code run/side-by-side.tsv} and the captured statements of one request per type ({@code run/captured/}).
 */
public final class SideBySide {

    static int captures(RequestType type) {
        return type.writes() ? 100 : 20;
    }
    private static final int SECONDS = Integer.getInteger("bench.sideBySideSeconds", 10);
    private static final int WRK_CONNECTIONS = 32;
    private static final Pattern ENTRY = Pattern.compile(
            "^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+ \\S+ \\[(\\d+)\\] ()(LOG|DETAIL|ERROR|STATEMENT|WARNING|FATAL|HINT|CONTEXT):  (.*)$");
    private static final Pattern STATEMENT = Pattern.compile("^(?:statement|execute [^:]+): (.*)$", Pattern.DOTALL);

    /** A request type: its name in the tables, what it is, whether it writes, and the rows wrk and the capture use. */
    record RequestType(String name, String description, boolean writes, String rows) {
    }

    static final List<RequestType> TYPES = List.of(
            new RequestType("cp-list", "CP lists leads (`GET /v1/leads?limit=50`)", false, "cps.tsv"),
            new RequestType("kam-list", "KAM lists their CPs' leads (`GET /v1/leads?limit=50`)", false, "kams.tsv"),
            new RequestType("cp-open", "CP opens a lead (`GET /v1/leads/{id}`)", false, "leads-open.tsv"),
            new RequestType("cp-move", "CP moves a lead forward (`PATCH /v1/leads/{id}`)", true, "leads-move.tsv"),
            new RequestType("cp-create", "CP creates a lead (`POST /v1/leads`)", true, "cps.tsv"),
            new RequestType("customer-open", "Customer opens a quotation (`GET /v1/quotations/{id}`)", false, "quotations-open.tsv"));

    record Captured(int pid, String sql, List<String> parameters) {
    }

    private final BenchDir dir = BenchDir.fromSystemProperties();
    private final Http http = new Http(BenchDir.baseUrl());
    private final Map<String, String> settings = BenchDir.settings();
    private final List<String> createdPhones = new ArrayList<>();
    /** How much of each server log file was there before the capture began (a data folder may be reused). */
    private final Map<Path, Long> logAlreadyRead = new LinkedHashMap<>();
    /** Rows of each request type's list that wrk runs have used so far. */
    private final Map<String, Long> rowsUsed = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        new SideBySide().run();
    }

    private void run() throws Exception {
        Map<String, List<List<Captured>>> captured = capture();
        List<List<String>> results = new ArrayList<>();
        results.add(List.of("type", "statements", "api_rps", "api_p50_ms", "api_p99_ms", "api_errors", "pgbench_tps",
                "pgbench_latency_ms", "pgbench_failed", "ratio"));
        List<String> only = List.of(System.getProperty("bench.types", "").split(","));
        for (RequestType type : TYPES) {
            if (!only.get(0).isEmpty() && !only.contains(type.name())) {
                continue;
            }
            List<List<Captured>> requests = captured.get(type.name());
            Path scripts = writeScripts(type, requests);
            wrk(type, 5); // warm-up: JIT, pool, caches
            Map<String, String> api = wrk(type, SECONDS);
            Map<String, String> db = pgbench(type, scripts, requests);
            double ratio = Double.parseDouble(api.get("rps")) / Double.parseDouble(db.get("tps"));
            results.add(List.of(type.name(), Integer.toString(requests.get(requests.size() - 1).size()), api.get("rps"), api.get("p50"), api.get("p99"),
                    api.get("errors"), db.get("tps"), db.get("latency"), db.get("failed"), String.format(Locale.ROOT, "%.2f", ratio)));
            System.out.printf("bench: %-9s API %8s req/s (p50 %s ms, errors %s)  pgbench %8s tx/s  ratio %.0f %%%n",
                    type.name(), api.get("rps"), api.get("p50"), api.get("errors"), db.get("tps"), ratio * 100);
        }
        BenchDir.writeTsv(dir.file("side-by-side.tsv"), results);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Capture

    private Map<String, List<List<Captured>>> capture() throws Exception {
        Map<String, List<int[]>> windows = new LinkedHashMap<>();
        Map<String, List<String>> callers = new LinkedHashMap<>();
        logAlreadyRead.clear();
        for (Path file : logFiles()) {
            logAlreadyRead.put(file, Files.size(file));
        }
        try (Connection owner = dir.owner(); Statement statement = owner.createStatement()) {
            statement.execute("ALTER SYSTEM SET log_statement = 'all'");
            statement.execute("SELECT pg_reload_conf()");
            Thread.sleep(1000);
            try {
                for (RequestType type : TYPES) {
                    List<String[]> rows = BenchDir.readTsv(dir.file(type.rows()));
                    for (int i = 0; i < captures(type); i++) {
                        // The move list is used from its start by wrk; the capture takes leads from its end.
                        String[] row = rows.get(type.name().equals("cp-move") ? rows.size() - 1 - i : i % rows.size());
                        statement.execute("SELECT 'bench-capture begin " + type.name() + " " + i + "'");
                        String token = send(type, row);
                        statement.execute("SELECT 'bench-capture end " + type.name() + " " + i + "'");
                        callers.computeIfAbsent(type.name(), key -> new ArrayList<>()).add(subjectOf(token));
                    }
                }
            } finally {
                statement.execute("ALTER SYSTEM RESET log_statement");
                statement.execute("SELECT pg_reload_conf()");
            }
            forgetCreated(owner);
        }
        Thread.sleep(500);
        return parseLog(callers);
    }

    /** Deletes the leads and customers the captured creates made, so that replaying them creates them anew. */
    private void forgetCreated(Connection owner) throws java.sql.SQLException {
        java.sql.Array phones = owner.createArrayOf("text", createdPhones.toArray());
        for (String delete : List.of(
                "DELETE FROM lead_services WHERE lead_id IN (SELECT id FROM leads WHERE customer_phone = ANY(?))",
                "DELETE FROM lead_status_history WHERE lead_id IN (SELECT id FROM leads WHERE customer_phone = ANY(?))",
                "DELETE FROM audit_log WHERE entity_id IN (SELECT id FROM leads WHERE customer_phone = ANY(?))",
                "DELETE FROM leads WHERE customer_phone = ANY(?)",
                "DELETE FROM audit_log WHERE entity_id IN (SELECT id::text FROM users WHERE role = 'CUSTOMER' AND phone = ANY(?))",
                "DELETE FROM users WHERE role = 'CUSTOMER' AND phone = ANY(?)")) {
            try (java.sql.PreparedStatement statement = owner.prepareStatement(delete)) {
                statement.setArray(1, phones);
                statement.executeUpdate();
            }
        }
    }

    /** Sends one request of {@code type} for {@code row}; returns the token used. */
    private String send(RequestType type, String[] row) {
        switch (type.name()) {
            case "cp-list", "kam-list" -> {
                http.send("GET", "/v1/leads?limit=50", row[3], null, 200);
                return row[3];
            }
            case "cp-open" -> {
                http.send("GET", "/v1/leads/" + row[1], row[0], null, 200);
                return row[0];
            }
            case "customer-open" -> {
                http.send("GET", "/v1/quotations/" + row[1], row[0], null, 200);
                return row[0];
            }
            case "cp-move" -> {
                http.send("PATCH", "/v1/leads/" + row[1], row[0], Map.of("status", "IN_DISCUSSION"), 200);
                return row[0];
            }
            case "cp-create" -> {
                String phone = String.format("+9196%08d", createdPhones.size());
                createdPhones.add(phone);
                http.send("POST", "/v1/leads", row[3], Map.of("customerName", "Walk-in " + phone, "customerPhone", phone,
                        "address", "Shop 4, Station Road", "stateCode", row[2], "services",
                        List.of(Map.of("type", "SOLAR_ROOFTOP", "details", "About 5 kW"), Map.of("type", "BATTERY_STORAGE", "details", "10 kWh"))), 201);
                return row[3];
            }
            default -> throw new IllegalArgumentException(type.name());
        }
    }

    private static String subjectOf(String token) {
        try {
            JsonNode claims = BenchDir.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
            return claims.path("sub").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The statements of each captured request: those of the connection that named the caller, between the markers. */
    private Map<String, List<List<Captured>>> parseLog(Map<String, List<String>> callers) throws IOException {
        List<String[]> entries = logEntries();
        Map<String, List<List<Captured>>> byType = new LinkedHashMap<>();
        List<Captured> window = null;
        String current = null;
        for (int e = 0; e < entries.size(); e++) {
            String[] entry = entries.get(e);
            String text = entry[3];
            if (text.contains("'bench-capture begin ")) {
                window = new ArrayList<>();
                current = text.replaceAll("(?s).*'bench-capture begin ([a-z-]+) (\\d+)'.*", "$1 $2");
                continue;
            }
            if (text.contains("'bench-capture end ") && window != null) {
                String[] typeAndIndex = current.split(" ");
                String caller = callers.get(typeAndIndex[0]).get(Integer.parseInt(typeAndIndex[1]));
                byType.computeIfAbsent(typeAndIndex[0], key -> new ArrayList<>()).add(ofCaller(window, caller));
                window = null;
                continue;
            }
            Matcher statement = STATEMENT.matcher(text);
            // An empty statement is the pool's liveness check of a connection idle for over 0.5 s: the capture's
            // pauses cause it, a loaded app does not send it.
            if (window != null && entry[2].equals("LOG") && statement.matches() && !statement.group(1).isBlank()) {
                List<String> parameters = List.of();
                if (e + 1 < entries.size() && entries.get(e + 1)[2].equals("DETAIL") && entries.get(e + 1)[3].startsWith("Parameters: ")
                        && entries.get(e + 1)[0].equals(entry[0])) {
                    parameters = parameters(entries.get(e + 1)[3].substring("Parameters: ".length()));
                }
                window.add(new Captured(Integer.parseInt(entry[0]), statement.group(1).strip(), parameters));
            }
        }
        for (RequestType type : TYPES) {
            List<List<Captured>> requests = byType.get(type.name());
            if (requests == null || requests.size() != captures(type) || requests.stream().anyMatch(List::isEmpty)) {
                throw new IllegalStateException("The statement log did not hold every captured " + type.name() + " request");
            }
            // The last one: the first request of a kind may still fill a cache (the service catalog) that later ones use.
            StringBuilder text = new StringBuilder("-- " + type.description() + ": the statements of one request, in order\n");
            for (Captured statement : requests.get(requests.size() - 1)) {
                text.append(statement.sql()).append(";\n");
                if (!statement.parameters().isEmpty()) {
                    text.append("--   parameters: ").append(String.join(", ", statement.parameters().stream()
                            .map(value -> value == null ? "NULL" : "'" + value + "'").toList())).append('\n');
                }
            }
            BenchDir.write(dir.file("captured/" + type.name() + ".sql"), text.toString());
        }
        return byType;
    }

    /** The statements of the connection whose statements name {@code caller} (the request's own transaction). */
    private static List<Captured> ofCaller(List<Captured> window, String caller) {
        Integer pid = window.stream().filter(statement -> statement.parameters().contains(caller)).map(Captured::pid).findFirst()
                .orElseThrow(() -> new IllegalStateException("No captured statement names the caller " + caller));
        return window.stream().filter(statement -> statement.pid() == pid).toList();
    }

    /** The server log's entries (default prefix {@code %m [%p] }), in order: pid, -, level, message (continuation lines joined). */
    private List<String[]> logEntries() throws IOException {
        List<String[]> entries = new ArrayList<>();
        for (Path file : logFiles()) {
            String[] last = null;
            byte[] bytes = Files.readAllBytes(file);
            int from = (int) Math.min(bytes.length, logAlreadyRead.getOrDefault(file, 0L));
            String text = new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                Matcher entry = ENTRY.matcher(line);
                if (entry.matches()) {
                    last = new String[] {entry.group(1), entry.group(2), entry.group(3), entry.group(4)};
                    entries.add(last);
                } else if (last != null) {
                    last[3] = last[3] + "\n" + line;
                }
            }
        }
        return entries;
    }

    private List<Path> logFiles() throws IOException {
        try (Stream<Path> list = Files.list(dir.root.resolve("postgres").resolve("log"))) {
            return list.sorted().toList();
        }
    }

    /** {@code $1 = 'a', $2 = NULL, $3 = 'it''s'}: the values in order, null for NULL. */
    static List<String> parameters(String text) {
        List<String> values = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int equals = text.indexOf(" = ", i);
            if (equals < 0) {
                break;
            }
            i = equals + 3;
            if (text.startsWith("NULL", i)) {
                values.add(null);
                i += 4;
            } else {
                StringBuilder value = new StringBuilder();
                i++; // opening quote
                while (i < text.length()) {
                    char c = text.charAt(i);
                    if (c == '\'' && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                        value.append('\'');
                        i += 2;
                    } else if (c == '\'') {
                        i++;
                        break;
                    } else {
                        value.append(c);
                        i++;
                    }
                }
                values.add(value.toString());
            }
            i = text.indexOf(", $", i) < 0 ? text.length() : text.indexOf(", $", i) + 2;
        }
        return values;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // pgbench scripts

    private Path writeScripts(RequestType type, List<List<Captured>> requests) {
        Path folder = dir.file("pgbench/" + type.name());
        for (int r = 0; r < requests.size(); r++) {
            List<Captured> statements = requests.get(r);
            StringBuilder script = new StringBuilder();
            boolean pipeline = false;
            for (int s = 0; s < statements.size(); s++) {
                Captured statement = statements.get(s);
                String sql = statement.sql();
                boolean begin = sql.equalsIgnoreCase("BEGIN");
                if (begin && s + 1 < statements.size()) {
                    script.append("\\startpipeline\n");
                    pipeline = true;
                }
                if (type.writes() && sql.equalsIgnoreCase("COMMIT")) {
                    sql = "ROLLBACK";
                }
                script.append(withVariables(sql, statement.parameters(), r, s)).append(";\n");
                if (pipeline && !begin && !ridesWithScope(statements, s + 1)) {
                    script.append("\\endpipeline\n");
                    pipeline = false;
                }
            }
            BenchDir.write(folder.resolve(String.format("request-%02d.sql", r)), script.toString());
        }
        return folder;
    }

    /**
     * Whether statement {@code s} goes to the server in the same round trip as the one before it: the driver sends
     * BEGIN with the transaction's first statement (the scope), and the account check rides with the scope when it is
     * sent as part of the same JDBC statement.
     */
    private static boolean ridesWithScope(List<Captured> statements, int s) {
        return s < statements.size() && s >= 2 && statements.get(s - 1).sql().contains("set_config('app.org_id'")
                && statements.get(s).sql().startsWith("SELECT role, active, blocked_token FROM users WHERE id = ");
    }

    private static String withVariables(String sql, List<String> parameters, int request, int statement) {
        Matcher placeholder = Pattern.compile("\\$(\\d+)").matcher(sql);
        StringBuilder out = new StringBuilder();
        while (placeholder.find()) {
            int n = Integer.parseInt(placeholder.group(1));
            String value = parameters.get(n - 1);
            placeholder.appendReplacement(out, value == null ? "NULL" : ":" + variable(request, statement, n));
        }
        placeholder.appendTail(out);
        return out.toString();
    }

    private static String variable(int request, int statement, int n) {
        return "r" + request + "s" + statement + "p" + n;
    }

    private Map<String, String> pgbench(RequestType type, Path scripts, List<List<Captured>> requests) throws Exception {
        List<String> command = new ArrayList<>(List.of("pgbench", "-h", "127.0.0.1", "-p", Integer.toString(dir.databasePort()),
                "-U", settings.getOrDefault("DB_USER", "cpnetwork_app"), "-n", "-M", "prepared",
                "-c", settings.getOrDefault("DB_POOL_SIZE", "5"), "-j", "2", "-T", Integer.toString(SECONDS)));
        try (Stream<Path> files = Files.list(scripts)) {
            files.sorted().forEach(file -> command.addAll(List.of("-f", file.toString())));
        }
        for (int r = 0; r < requests.size(); r++) {
            for (int s = 0; s < requests.get(r).size(); s++) {
                List<String> parameters = requests.get(r).get(s).parameters();
                for (int p = 0; p < parameters.size(); p++) {
                    if (parameters.get(p) != null) {
                        command.addAll(List.of("-D", variable(r, s, p + 1) + "=" + parameters.get(p)));
                    }
                }
            }
        }
        command.add(settings.getOrDefault("DB_URL", "jdbc:postgresql://127.0.0.1:0/cpnetwork").replaceAll(".*/", ""));
        String output = run(command, Map.of("PGPASSWORD", settings.getOrDefault("DB_PASSWORD", "")));
        Map<String, String> result = new LinkedHashMap<>();
        result.put("tps", find(output, "tps = ([0-9.]+)"));
        result.put("latency", find(output, "latency average = ([0-9.]+) ms"));
        String failed = output.contains("number of failed transactions") ? find(output, "number of failed transactions: (\\d+)") : "0";
        result.put("failed", output.contains("aborted") ? failed + " (a client aborted)" : failed);
        BenchDir.write(dir.file("pgbench/" + type.name() + ".out"), output);
        return result;
    }

    private Map<String, String> wrk(RequestType type, int seconds) throws Exception {
        long first = rowsUsed.getOrDefault(type.name(), 0L);
        String output = run(List.of("wrk", "-t2", "-c" + WRK_CONNECTIONS, "-d" + seconds + "s", "--latency", "-s", "bench/wrk/requests.lua",
                BenchDir.baseUrl(), "--", type.name(), dir.file(type.rows()).toString(), "2", Long.toString(first)), Map.of());
        BenchDir.write(dir.file("wrk/" + type.name() + ".out"), output);
        // The next run starts after the rows this one used (wrk ends with requests in flight: a margin).
        long used = first + Long.parseLong(find(output, "(\\d+) requests in")) + 2L * WRK_CONNECTIONS;
        rowsUsed.put(type.name(), used);
        if (type.name().equals("cp-move") && used > BenchDir.readTsv(dir.file(type.rows())).size() - captures(type)) {
            throw new IllegalStateException("wrk moved more leads than the loader listed; list more in LoadOrganization");
        }
        Map<String, String> result = new LinkedHashMap<>();
        result.put("rps", find(output, "Requests/sec:\\s+([0-9.]+)"));
        result.put("p50", millis(find(output, "\\n\\s+50%\\s+([0-9.]+\\w+)")));
        result.put("p99", millis(find(output, "\\n\\s+99%\\s+([0-9.]+\\w+)")));
        long errors = 0;
        Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(output);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(output);
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(socket.group(g));
            }
        }
        result.put("errors", Long.toString(errors));
        return result;
    }

    static String millis(String wrkDuration) {
        Matcher m = Pattern.compile("([0-9.]+)(us|ms|s)").matcher(wrkDuration);
        if (!m.matches()) {
            return wrkDuration;
        }
        double value = Double.parseDouble(m.group(1));
        double ms = switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
        return String.format(Locale.ROOT, "%.2f", ms);
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("Not found /" + regex + "/ in:\n" + text);
        }
        return m.group(1);
    }

    static String run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(command.get(0) + " exited with " + exit + ":\n" + output);
        }
        return output;
    }
}
