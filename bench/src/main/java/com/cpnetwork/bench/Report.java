package com.cpnetwork.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes the run's figures into {@code docs/benchmarks.md}, between the markers of the generated section (the rest of
 * the file is left as it is), and copies Gatling's HTML report to {@code docs/benchmarks/gatling/}.
 */
public final class Report {

    static final String BEGIN = "<!-- bench/run writes from here -->";
    static final String END = "<!-- bench/run writes up to here -->";
    private static final List<String> READS = List.of("CP lists leads", "CP opens a lead", "KAM lists leads", "Customer lists quotations",
            "Customer opens a quotation");
    private static final List<String> WRITES = List.of("CP moves a lead forward", "CP creates a lead");

    private final BenchDir dir = BenchDir.fromSystemProperties();
    private final StringBuilder out = new StringBuilder();
    private final List<String> verdicts = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        new Report().write(Path.of("docs/benchmarks.md"), Path.of("docs/benchmarks/gatling"));
    }

    private void write(Path markdown, Path htmlReport) throws IOException {
        line("Written by `bench/run` on " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))
                + ", commit `" + System.getProperty("bench.commit", "?") + "`, " + Runtime.getRuntime().availableProcessors()
                + " cores; load average before the run: " + System.getProperty("bench.loadBefore", "?")
                + " (other work on the machine shows there: compare the ratios, not the absolute figures).");
        line("");
        gatling(htmlReport);
        sideBySide();
        coldStart();
        connections();
        cpu();
        line("### Targets");
        line("");
        verdicts.forEach(verdict -> line("- " + verdict));
        line("");

        String text = Files.readString(markdown, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(markdown + " has no generated section (" + BEGIN + " ... " + END + ")");
        }
        Files.writeString(markdown, text.substring(0, begin + BEGIN.length()) + "\n" + out + text.substring(end), StandardCharsets.UTF_8);
        System.out.println("bench: wrote " + markdown + " and " + htmlReport);
    }

    private void gatling(Path htmlReport) throws IOException {
        Path results;
        try (Stream<Path> runs = Files.list(dir.root.resolve("gatling"))) {
            results = runs.filter(Files::isDirectory).max(Comparator.comparing(Path::toString))
                    .orElseThrow(() -> new IllegalStateException("No Gatling results in " + dir.root.resolve("gatling")));
        }
        Map<String, String[]> stats = statistics(results.resolve("index.html"));
        List<String[]> users = BenchDir.readTsv(dir.file("gatling-users.tsv"));
        int target = Integer.getInteger("bench.users", 600);
        int peak = users.stream().mapToInt(row -> Integer.parseInt(row[1])).max().orElse(0);
        long atTarget = users.stream().filter(row -> Integer.parseInt(row[1]) >= target).count();
        line("### 600 users (Gatling " + "3.14.9, open workload model)");
        line("");
        line("Users arrive at a constant rate (after a 30 s ramp), each a CP (3 in 4), a KAM (1 in 10) or a customer (3 in 20), and think 2-6 s "
                + "between clicks; the arrival rate aims at 10 % over " + target + " users at once. Users in the app at once: at most **" + peak + "**, at least " + target + " during **" + atTarget
                + " s**. HTML report: [`docs/benchmarks/gatling/index.html`](benchmarks/gatling/index.html).");
        line("");
        line("| request | count | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |");
        line("|---|---|---|---|---|---|---|---|");
        long errors = 0;
        for (Map.Entry<String, String[]> request : stats.entrySet()) {
            String name = request.getKey();
            String[] v = request.getValue();
            line(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |", name.equals("All Requests") ? "**all**" : name,
                    v[2], v[4], v[6], v[8], v[10], v[11], v[12]));
            if (name.equals("All Requests")) {
                errors = Long.parseLong(v[4]);
                continue;
            }
            long p95 = Long.parseLong(v[10]);
            if (READS.contains(name)) {
                verdicts.add(verdict(p95 <= 50, "p95 of " + name + " " + p95 + " ms (target ≤ 50 ms for reads)"));
            } else if (WRITES.contains(name)) {
                verdicts.add(verdict(p95 <= 100, "p95 of " + name + " " + p95 + " ms (target ≤ 100 ms for writes)"));
            }
        }
        verdicts.add(verdict(errors == 0, errors + " failed requests in the 600-user run (target 0)"));
        verdicts.add(verdict(atTarget >= 60, atTarget + " s with at least " + target + " users in the app (at least 60 s)"));
        line("");
        line("Sign-in requests (CPs' and customers') are not held to the read/write targets: a phone sign-in waits for the SMS (queue, delivery, "
                + "outbox file) between its two requests, and a KAM's password check is a deliberate ~13 ms of Argon2id.");
        line("");
        copyReport(results, htmlReport);
    }

    private void sideBySide() throws IOException {
        List<String[]> rows = BenchDir.readTsv(dir.file("side-by-side.tsv"));
        Path statements = Path.of("docs/benchmarks/statements");
        Files.createDirectories(statements);
        try (Stream<Path> captured = Files.list(dir.run.resolve("captured"))) {
            for (Path file : captured.toList()) {
                Files.copy(file, statements.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        line("### The API against the database's ceiling (closed loop, one request type at a time)");
        line("");
        line("API: `wrk -t2 -c32`, 10 s after a 5 s warm-up. pgbench: the statements that request type sends, captured "
                + "from PostgreSQL's statement log (20 requests of each reading type, 100 of each writing one; one script each), `-M prepared`, 5 clients (the "
                + "app's pool size), 10 s, as the application role. The captured statements are in "
                + "[`docs/benchmarks/statements/`](benchmarks/statements/).");
        line("");
        line("| request | statements | API req/s | API p50 ms | API p99 ms | API errors | pgbench tx/s | API / pgbench |");
        line("|---|---|---|---|---|---|---|---|");
        for (String[] row : rows.subList(1, rows.size())) {
            double ratio = Double.parseDouble(row[9]);
            String description = SideBySide.TYPES.stream().filter(type -> type.name().equals(row[0])).findFirst().orElseThrow().description();
            line(String.format(Locale.ROOT, "| %s | %s | %.0f | %s | %s | %s | %.0f | **%.0f %%** |", description, row[1],
                    Double.parseDouble(row[2]), row[3], row[4], row[5], Double.parseDouble(row[6]), ratio * 100));
            verdicts.add(verdict(ratio >= 0.5, String.format(Locale.ROOT, "%s at %.0f %% of pgbench (target ≥ 50 %%)", row[0], ratio * 100)));
        }
        line("");
    }

    private void coldStart() {
        List<String[]> rows = BenchDir.readTsv(dir.file("cold-start.tsv"));
        List<Double> health = new ArrayList<>();
        List<Double> leads = new ArrayList<>();
        List<String[]> leadRuns = new ArrayList<>();
        for (String[] row : rows.subList(1, rows.size())) {
            (row[0].equals("health") ? health : leads).add(Double.parseDouble(row[2]));
            if (row[0].equals("leads")) {
                leadRuns.add(row);
            }
        }
        double healthMedian = median(health);
        double leadsMedian = median(leads);
        double ratio = leadsMedian / healthMedian;
        line("### Cold start");
        line("");
        line("A new host JVM, started as `./run-local` starts it, from process start to its first 200 (median of 3 each, "
                + "alternating):");
        line("");
        line("| first answer | runs (ms) | median |");
        line("|---|---|---|");
        line(String.format(Locale.ROOT, "| `GET /api/health` | %s | %.0f ms |", join(health), healthMedian));
        line(String.format(Locale.ROOT, "| a CP's `GET /api/v1/leads?limit=50` | %s | %.0f ms |", join(leads), leadsMedian));
        line(String.format(Locale.ROOT, "| ratio | | **%.2f×** |", ratio));
        line("");
        String[] sample = leadRuns.get(leadRuns.size() / 2);
        line("The composition root of one of those JVMs (`Backend.load`, logged at start-up): " + sample[4] + " ms in all — "
                + sample[5] + ". The first `GET /v1/leads` itself (building the root included) took " + sample[3] + " ms by "
                + "its request log line.");
        line("");
        verdicts.add(verdict(ratio <= 1.5, String.format(Locale.ROOT, "first authenticated answer %.2f× the first health answer (target ≤ 1.5×)", ratio)));
    }

    private void connections() {
        Map<String, Integer> most = new LinkedHashMap<>();
        for (String[] row : BenchDir.readTsv(dir.file("connections.tsv"))) {
            // The cold-start phase runs a second instance beside the first; its count is not one instance's.
            if (row.length >= 2 && !row[0].isEmpty() && !row[0].equals("cold-start") && !row[0].equals("done")) {
                most.merge(row[0], Integer.parseInt(row[1]), Math::max);
            }
        }
        line("### Database connections of the instance");
        line("");
        line("`pg_stat_activity` sampled every 100 ms (connections named `cpnetwork`, the app's pool): the most open at once "
                + "in each phase: " + String.join(", ", most.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList())
                + ". The pool's size (`DB_POOL_SIZE`, 5) bounds it; requests beyond it wait for a connection (at most 3 s).");
        line("");
    }

    private void cpu() {
        Path file = dir.file("cpu.tsv");
        if (!Files.exists(file)) {
            return;
        }
        Map<String, Map<String, Double>> byPhase = new LinkedHashMap<>();
        for (String[] row : BenchDir.readTsv(file)) {
            if (row.length == 3) {
                byPhase.computeIfAbsent(row[0], phase -> new LinkedHashMap<>()).merge(row[1], Double.parseDouble(row[2]), Double::sum);
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        line("### Where the machine's CPU went");
        line("");
        line("Shares of " + cores + " cores × each phase's seconds, from `/proc` every second: the app (the Functions host JVM), its "
                + "PostgreSQL, the load generators (wrk, pgbench, Gatling and the benchmark's own JVMs), the rest of the local stack "
                + "(Azurite, LocalStack) and everything else on the machine (on a shared machine, other people's work).");
        line("");
        line("| phase | seconds | app | PostgreSQL | load generators | stack | everything else | idle |");
        line("|---|---|---|---|---|---|---|---|");
        for (String phase : List.of("side-by-side", "gatling")) {
            Map<String, Double> parts = byPhase.get(phase);
            if (parts == null) {
                continue;
            }
            double seconds = parts.getOrDefault("_elapsed", 0.0);
            double capacity = seconds * cores;
            double busy = 0;
            StringBuilder cells = new StringBuilder();
            for (String part : List.of("app", "postgres", "load", "stack", "other")) {
                double used = parts.getOrDefault(part, 0.0);
                busy += used;
                cells.append(String.format(Locale.ROOT, " %.0f %% |", 100 * used / capacity));
            }
            line(String.format(Locale.ROOT, "| %s | %.0f |%s %.0f %% |", phase, seconds, cells, Math.max(0, 100 * (1 - busy / capacity))));
        }
        line("");
    }

    private static String verdict(boolean met, String text) {
        return (met ? "met: " : "**missed**: ") + text;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String join(List<Double> values) {
        return String.join(", ", values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
    }

    /**
     * The statistics table of Gatling's {@code index.html} (Gatling 3.14 keeps no JSON of it): per request name, the
     * cells by column number (2 count, 3 OK, 4 KO, 6 req/s, 7 min, 8 p50, 9 p75, 10 p95, 11 p99, 12 max, 13 mean).
     */
    static Map<String, String[]> statistics(Path indexHtml) throws IOException {
        String html = Files.readString(indexHtml, StandardCharsets.UTF_8);
        Map<String, String[]> rows = new LinkedHashMap<>();
        java.util.regex.Matcher name = java.util.regex.Pattern.compile("class=\"ellipsed-name\">([^<]+)</span>").matcher(html);
        java.util.regex.Pattern cell = java.util.regex.Pattern.compile("<td class=\"value [a-z]+ col-(\\d+)\">([^<]*)</td>");
        while (name.find()) {
            int rowEnd = html.indexOf("</tr>", name.end());
            java.util.regex.Matcher cells = cell.matcher(html.substring(name.end(), rowEnd < 0 ? html.length() : rowEnd));
            String[] values = new String[15];
            while (cells.find()) {
                values[Integer.parseInt(cells.group(1))] = cells.group(2).trim();
            }
            rows.putIfAbsent(name.group(1).replace("&amp;", "&"), values);
        }
        return rows;
    }

    private static void copyReport(Path results, Path target) throws IOException {
        if (Files.exists(target)) {
            try (Stream<Path> old = Files.walk(target)) {
                old.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        try (Stream<Path> files = Files.walk(results)) {
            for (Path file : files.toList()) {
                if (file.getFileName().toString().equals("simulation.log")) {
                    continue;
                }
                Path copy = target.resolve(results.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
