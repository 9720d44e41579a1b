package com.cpnetwork.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the machine's CPU goes while the benchmark runs, every second until it is stopped, labelled with the current
 * phase ({@code run/phase}): the measured app (the Functions host JVM), PostgreSQL, the load generators (Gatling, wrk,
 * pgbench, the benchmark's own JVMs) and everything else on the machine (other people's builds on a shared machine).
 * Appends {@code phase, part, cpu-seconds} to {@code run/cpu.tsv}. Linux only ({@code /proc}).
 */
public final class CpuSampler {

    private static final double TICKS_PER_SECOND = 100.0;
    private static String azuriteLocation;
    private static String dataFolderName;

    public static void main(String[] args) throws Exception {
        BenchDir dir = BenchDir.fromSystemProperties();
        Path phase = dir.file("phase");
        Path out = dir.file("cpu.tsv");
        String port = Integer.toString(java.net.URI.create(BenchDir.baseUrl()).getPort());
        String databasePort = Integer.toString(dir.databasePort());
        azuriteLocation = dir.root.resolve("azurite").toString();
        dataFolderName = dir.root.getFileName().toString();
        Map<Long, Long> last = new HashMap<>();
        long previous = System.nanoTime();
        while (true) {
            Map<String, Long> ticks = new LinkedHashMap<>();
            Map<Long, Long> now = new HashMap<>();
            try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path process : processes) {
                    try {
                        long pid = Long.parseLong(process.getFileName().toString());
                        String stat = Files.readString(process.resolve("stat"), StandardCharsets.UTF_8);
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                        now.put(pid, used);
                        long delta = used - last.getOrDefault(pid, last.isEmpty() ? used : 0L);
                        if (delta > 0) {
                            ticks.merge(part(process, stat, fields, port, databasePort), delta, Long::sum);
                        }
                    } catch (IOException | RuntimeException gone) {
                        // The process ended between listing and reading.
                    }
                }
            }
            last.clear();
            last.putAll(now);
            String label = Files.exists(phase) ? Files.readString(phase, StandardCharsets.UTF_8).strip() : "";
            long round = System.nanoTime();
            StringBuilder lines = new StringBuilder();
            // The wall-clock seconds this sample covers, so shares can be taken of cores × seconds.
            lines.append(label).append("\t_elapsed\t").append((round - previous) / 1e9).append('\n');
            previous = round;
            ticks.forEach((part, used) -> lines.append(label).append('\t').append(part).append('\t').append(used / TICKS_PER_SECOND).append('\n'));
            Files.writeString(out, lines.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Thread.sleep(1000);
        }
    }

    private static String part(Path process, String stat, String[] fields, String port, String databasePort) throws IOException {
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (name.equals("postgres")) {
            // This data folder's server and its backends; other checkouts' servers are someone else's work.
            return isOurPostmaster(process.getFileName().toString(), databasePort) || isOurPostmaster(fields[1], databasePort)
                    ? "postgres" : "other";
        }
        if (name.equals("wrk") || name.equals("pgbench")) {
            return "load";
        }
        String command = Files.readString(process.resolve("cmdline"), StandardCharsets.UTF_8).replace('\0', ' ');
        if (command.contains("com.cpnetwork.localruntime.LocalRuntime") && command.contains("--port " + port + " ")) {
            return "app";
        }
        if (command.contains("gatling") || command.contains("com.cpnetwork.bench.")) {
            return "load";
        }
        // This data folder's Azurite and LocalStack only: other checkouts' test JVMs name Azurite on their command
        // line too (-Dazurite.bin), and they are someone else's work.
        if ((command.contains("azurite") && command.contains("--location " + azuriteLocation))
                || (command.contains("com.cpnetwork.localruntime.stack.LocalStack") && command.contains("--data " + dataFolderName))) {
            return "stack";
        }
        return "other";
    }

    private static boolean isOurPostmaster(String pid, String databasePort) {
        try {
            String command = Files.readString(Path.of("/proc", pid, "cmdline"), StandardCharsets.UTF_8).replace('\0', ' ');
            return command.contains("bin/postgres ") && command.contains(" -p " + databasePort + " ");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
