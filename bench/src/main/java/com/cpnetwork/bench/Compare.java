package com.cpnetwork.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Before and after in one session: one Functions host per packaged app given ({@code -Dbench.apps=name=dir,...}), all
 * beside the running benchmark stack (same database, storage and settings, copied from the running host as
 * {@link ColdStart} does), then rounds of wrk on each request type, alternating between the hosts, so that whatever
 * else the machine does falls on all of them alike. Prints and writes {@code run/compare.tsv}: requests per second per
 * host and type (median of the rounds), and each host's ratio to the first.
 */
public final class Compare {

    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final int SECONDS = Integer.getInteger("bench.roundSeconds", 8);
    private static final List<String> TYPES = SideBySide.TYPES.stream().map(SideBySide.RequestType::name).toList();

    public static void main(String[] args) throws Exception {
        BenchDir dir = BenchDir.fromSystemProperties();
        int port = URI.create(BenchDir.baseUrl()).getPort();
        ProcessHandle running = ProcessHandle.allProcesses()
                .filter(process -> process.info().arguments().map(a -> Arrays.asList(a).contains("com.cpnetwork.localruntime.LocalRuntime")
                        && Arrays.asList(a).contains(Integer.toString(port))).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("No Functions host on port " + port + " (bench/run --keep)"));
        List<String> command = nulSeparated(Path.of("/proc", Long.toString(running.pid()), "cmdline"));
        Map<String, String> environment = new HashMap<>();
        for (String variable : nulSeparated(Path.of("/proc", Long.toString(running.pid()), "environ"))) {
            int equals = variable.indexOf('=');
            if (equals > 0) {
                environment.put(variable.substring(0, equals), variable.substring(equals + 1));
            }
        }
        command.removeIf(argument -> argument.startsWith("-XX:StartFlightRecording") || argument.startsWith("-XX:FlightRecorderOptions"));
        command.remove("--exit-with-parent");

        Map<String, String> hosts = new LinkedHashMap<>();
        List<Process> started = new ArrayList<>();
        try {
            for (String app : System.getProperty("bench.apps").split(",")) {
                String[] nameAndDir = app.split("=", 2);
                int hostPort = freePort();
                List<String> copy = new ArrayList<>(command);
                copy.set(copy.indexOf("--port") + 1, Integer.toString(hostPort));
                copy.set(copy.indexOf("--app") + 1, Path.of(nameAndDir[1]).toAbsolutePath().toString());
                ProcessBuilder builder = new ProcessBuilder(copy).redirectErrorStream(true)
                        .redirectOutput(dir.file("compare-" + nameAndDir[0] + ".log").toFile());
                builder.environment().clear();
                builder.environment().putAll(environment);
                started.add(builder.start());
                hosts.put(nameAndDir[0], "http://127.0.0.1:" + hostPort);
                awaitHealthy("http://127.0.0.1:" + hostPort);
            }
            run(dir, hosts);
        } finally {
            for (Process process : started) {
                process.destroy();
                process.waitFor();
            }
        }
    }

    private static void run(BenchDir dir, Map<String, String> hosts) throws Exception {
        Map<String, Map<String, List<Double>>> rates = new LinkedHashMap<>();
        long moveRow = 100_000; // the side-by-side runs used the move list's start
        for (String type : TYPES) {
            for (String url : hosts.values()) {
                wrk(url, type, dir, 3, type.equals("cp-move") ? moveRow : 0); // warm-up
                moveRow += 3_000;
            }
            for (int round = 0; round < ROUNDS; round++) {
                for (Map.Entry<String, String> host : hosts.entrySet()) {
                    String output = wrk(host.getValue(), type, dir, SECONDS, type.equals("cp-move") ? moveRow : 0);
                    Matcher rps = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(output);
                    Matcher requests = Pattern.compile("(\\d+) requests in").matcher(output);
                    if (!rps.find() || !requests.find()) {
                        throw new IllegalStateException("wrk said:\n" + output);
                    }
                    Matcher errors = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(output);
                    if (errors.find()) {
                        // A lead the Gatling users moved further since the loader listed it: a refused move, counted.
                        System.out.println("bench: " + host.getKey() + " answered " + errors.group(1) + " errors on " + type);
                    }
                    moveRow += Long.parseLong(requests.group(1)) + 100;
                    rates.computeIfAbsent(type, t -> new LinkedHashMap<>()).computeIfAbsent(host.getKey(), h -> new ArrayList<>())
                            .add(Double.parseDouble(rps.group(1)));
                }
            }
        }
        List<List<Object>> rows = new ArrayList<>();
        List<Object> header = new ArrayList<>(List.of("type"));
        hosts.keySet().forEach(name -> {
            header.add(name + "_rps");
            header.add(name + "_vs_first");
        });
        rows.add(header);
        for (Map.Entry<String, Map<String, List<Double>>> type : rates.entrySet()) {
            List<Object> row = new ArrayList<>(List.of(type.getKey()));
            double first = -1;
            for (List<Double> runs : type.getValue().values()) {
                double median = runs.stream().sorted().toList().get(runs.size() / 2);
                first = first < 0 ? median : first;
                row.add(String.format(Locale.ROOT, "%.0f", median));
                row.add(String.format(Locale.ROOT, "%.2f", median / first));
            }
            rows.add(row);
            System.out.println("bench: compare " + row);
        }
        BenchDir.writeTsv(dir.file("compare.tsv"), rows);
    }

    private static String wrk(String url, String type, BenchDir dir, int seconds, long firstRow) throws Exception {
        return SideBySide.run(List.of("wrk", "-t2", "-c32", "-d" + seconds + "s", "-s", "bench/wrk/requests.lua", url, "--", type,
                dir.file(rowsOf(type)).toString(), "2", Long.toString(firstRow)), Map.of());
    }

    private static String rowsOf(String type) {
        return SideBySide.TYPES.stream().filter(t -> t.name().equals(type)).findFirst().orElseThrow().rows();
    }

    private static void awaitHealthy(String url) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (client.send(HttpRequest.newBuilder(URI.create(url + "/api/health")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Still starting.
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(url + " did not become healthy");
    }

    private static List<String> nulSeparated(Path file) throws IOException {
        return new ArrayList<>(Arrays.stream(Files.readString(file, StandardCharsets.UTF_8).split("\0")).filter(s -> !s.isEmpty()).toList());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
