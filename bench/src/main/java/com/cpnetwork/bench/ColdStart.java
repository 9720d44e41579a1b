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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Cold start: a new Functions host JVM, started exactly as the running one was (same command line and app settings,
 * read from {@code /proc}, another port), timed from process start to its first 200 — once for
 * {@code GET /api/health} and once for a CP's {@code GET /api/v1/leads?limit=50}, alternating, {@value #ROUNDS} times
 * each. Each new host writes the composition root's parts in its log; the first request's own duration comes from its
 * request log line. Writes {@code run/cold-start.tsv}.
 */
public final class ColdStart {

    private static final int ROUNDS = 3;
    private static final Pattern COMPOSITION = Pattern.compile("Composition root built in ([0-9.]+) ms: ([^\"]*)\"");
    private static final Pattern FIRST_REQUEST = Pattern.compile("\"message\":\"GET (\\w+) answered 200\".*?\"durationMs\":(\\d+)");

    public static void main(String[] args) throws Exception {
        BenchDir dir = BenchDir.fromSystemProperties();
        int port = URI.create(BenchDir.baseUrl()).getPort();
        ProcessHandle host = ProcessHandle.allProcesses()
                .filter(process -> process.info().arguments().map(a -> Arrays.asList(a).contains("com.cpnetwork.localruntime.LocalRuntime")
                        && Arrays.asList(a).contains(Integer.toString(port))).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("No Functions host on port " + port + " to copy"));
        List<String> command = readNulSeparated(Path.of("/proc", Long.toString(host.pid()), "cmdline"));
        Map<String, String> environment = new HashMap<>();
        for (String variable : readNulSeparated(Path.of("/proc", Long.toString(host.pid()), "environ"))) {
            int equals = variable.indexOf('=');
            if (equals > 0) {
                environment.put(variable.substring(0, equals), variable.substring(equals + 1));
            }
        }
        environment.remove("JAVA_OPTS");
        String token = BenchDir.readTsv(dir.file("cps.tsv")).get(0)[3];

        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("target", "round", "first_200_ms", "first_request_ms", "composition_ms", "composition_parts"));
        for (int round = 1; round <= ROUNDS; round++) {
            for (String target : List.of("health", "leads")) {
                int newPort = freePort();
                List<String> copy = new ArrayList<>(command);
                copy.set(copy.indexOf("--port") + 1, Integer.toString(newPort));
                copy.remove("--exit-with-parent");
                // A profiler the measured host runs with (JAVA_OPTS) is not part of a cold start.
                copy.removeIf(argument -> argument.startsWith("-XX:StartFlightRecording") || argument.startsWith("-XX:FlightRecorderOptions"));
                Path log = dir.file("cold-start-" + target + "-" + round + ".log");
                ProcessBuilder builder = new ProcessBuilder(copy).redirectErrorStream(true).redirectOutput(log.toFile());
                builder.environment().clear();
                builder.environment().putAll(environment);
                String path = target.equals("health") ? "/api/health" : "/api/v1/leads?limit=50";
                long started = System.nanoTime();
                Process process = builder.start();
                double millis;
                try {
                    millis = firstOk("http://127.0.0.1:" + newPort + path, target.equals("health") ? null : token, started);
                } finally {
                    process.destroy();
                    process.waitFor();
                }
                String output = Files.readString(log, StandardCharsets.UTF_8);
                Matcher composition = COMPOSITION.matcher(output);
                Matcher first = FIRST_REQUEST.matcher(output);
                rows.add(List.of(target, round, String.format(Locale.ROOT, "%.0f", millis), first.find() ? first.group(2) : "",
                        composition.find() ? composition.group(1) : "", composition.find(0) ? composition.group(2) : ""));
                System.out.printf("bench: cold start, first %s answer after %.0f ms%n", target, millis);
            }
        }
        BenchDir.writeTsv(dir.file("cold-start.tsv"), rows);
    }

    /** Milliseconds from {@code started} until {@code url} answers 200, polling every 5 ms. */
    private static double firstOk(String url, String token, long started) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        long deadline = started + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return (System.nanoTime() - started) / 1e6;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException(url + " did not answer 200 within 90 s");
    }

    private static List<String> readNulSeparated(Path file) throws IOException {
        try (Stream<String> parts = Arrays.stream(Files.readString(file, StandardCharsets.UTF_8).split("\0"))) {
            return parts.filter(part -> !part.isEmpty()).toList();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
