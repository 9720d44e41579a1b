package com.cpnetwork.localruntime;

import static org.assertj.core.api.Assertions.assertThat;

import com.cpnetwork.localruntime.azurite.Azurite;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, run as its own JVM the way scripts run it. */
class LocalRuntimeTest {
    private static final Pattern STARTED = Pattern.compile("Host started on (http://localhost:\\d+)");

    private static ProcessBuilder localRuntime(Path workDir, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LocalRuntime.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(workDir.toFile());
    }

    @Test
    void startsFromLocalSettingsAndEnvironmentAndExitsZeroOnSigterm(@TempDir Path workDir) throws Exception {
        try (Azurite azurite = Azurite.start()) {
            // local.settings.json from the working directory; the environment wins over it.
            Files.writeString(workDir.resolve("local.settings.json"), """
                    {"IsEncrypted": false, "Values": {"AzureWebJobsStorage": "UseDevelopmentStorage=true",
                     "TICK_SCHEDULE": "%s", "TICK_MILLIS": "0"}}""".formatted(TestApp.NEVER));
            ProcessBuilder builder = localRuntime(workDir, "--app", TestApp.dir().toAbsolutePath().toString(), "--port", "0");
            builder.environment().put("AzureWebJobsStorage", azurite.connectionString());
            builder.redirectErrorStream(true);
            Process process = builder.start();
            try {
                String baseUrl = awaitStarted(process);
                var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/ping")).build(),
                        BodyHandlers.ofString());
                assertThat(response.body()).isEqualTo("pong");

                process.destroy();
                assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(process.exitValue()).isZero();
            } finally {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void appThatWasNotPackagedExitsNonZeroWithAClearMessage(@TempDir Path workDir) throws Exception {
        Exit exit = runToExit(workDir, "--app", "functions/target/azure-functions/missing");
        assertThat(exit.status()).isEqualTo(1);
        assertThat(exit.output()).contains("No packaged function app at " + workDir.resolve("functions/target/azure-functions/missing")
                + ". Run `mvn package` first.");
    }

    @Test
    void unknownOptionPrintsUsage(@TempDir Path workDir) throws Exception {
        Exit exit = runToExit(workDir, "--bogus", "x");
        assertThat(exit.status()).isEqualTo(2);
        assertThat(exit.output()).contains("unknown option --bogus", LocalRuntime.USAGE);
    }

    /** Runs a command line that is expected to end by itself. */
    private static Exit runToExit(Path workDir, String... args) throws Exception {
        Process process = localRuntime(workDir, args).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new Exit(process.exitValue(), output);
    }

    private record Exit(int status, String output) {
    }

    /** Reads the runtime's output until it says where it listens; everything it printed is in the failure message. */
    private static String awaitStarted(Process process) throws Exception {
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = output.readLine()) != null; ) {
            seen.append(line).append('\n');
            Matcher started = STARTED.matcher(line);
            if (started.find()) {
                // Keep draining so the child never blocks on a full pipe.
                Thread drain = new Thread(() -> output.lines().forEach(ignored -> { }));
                drain.setDaemon(true);
                drain.start();
                return started.group(1);
            }
        }
        throw new AssertionError("the runtime exited before it started:\n" + seen);
    }
}
