package com.cpnetwork.localruntime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Command line: {@code java -jar local-runtime-runnable.jar --app <dir> [--port <n>] [--settings <local.settings.json>]
 * [--outbox <dir>]}. Runs until SIGTERM or Ctrl-C, then stops cleanly and exits 0. {@code --outbox} serves that folder's
 * newest message at {@code GET /local/outbox/latest} to this machine.
 */
public final class LocalRuntime {
    static final String USAGE = "usage: java -jar local-runtime-runnable.jar --app <packaged app dir> [--port <n>] [--settings <local.settings.json>]"
            + " [--outbox <local outbox dir>] [--exit-with-parent]";
    private static final int DEFAULT_PORT = 7071;
    /** Set by a launcher (LocalStack): stop when the launcher's process ends, however it ended. */
    static final String EXIT_WITH_PARENT = "--exit-with-parent";

    private LocalRuntime() {
    }

    public static void main(String[] args) throws InterruptedException {
        // Set before the first logger exists, so logback reads this file rather than any logback.xml a library carries.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "local-runtime-logback.xml");
        }
        FunctionsHost host;
        try {
            host = start(args, System.getenv(), System.out);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        } catch (FunctionAppException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            host.close();
            // A JVM stopped by a signal exits 128+signal; a clean stop is a success to the scripts that run this.
            Runtime.getRuntime().halt(0);
        }, "local-runtime-shutdown"));
        if (Arrays.asList(args).contains(EXIT_WITH_PARENT)) {
            ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
        }
        // The host runs on its own threads until the shutdown hook stops it.
        new CountDownLatch(1).await();
    }

    /**
     * Starts the host the command line describes, with the environment over local.settings.json's Values as app
     * settings, and prints one line per function.
     *
     * @throws IllegalArgumentException for a malformed command line
     * @throws FunctionAppException     when the app cannot be started
     */
    static FunctionsHost start(String[] args, Map<String, String> environment, PrintStream out) {
        Map<String, String> options = options(args);
        if (!options.containsKey("--app")) {
            throw new IllegalArgumentException("--app is required");
        }
        int port = port(options.getOrDefault("--port", environment.getOrDefault("PORT", Integer.toString(DEFAULT_PORT))));
        Path settingsFile = Path.of(options.getOrDefault("--settings", "local.settings.json"));
        if (options.containsKey("--settings") && !Files.isRegularFile(settingsFile)) {
            throw new IllegalArgumentException("no settings file at " + settingsFile.toAbsolutePath());
        }
        Map<String, String> settings = new HashMap<>(localSettings(settingsFile));
        settings.putAll(environment);
        HostOptions hostOptions = HostOptions.defaults();
        if (options.containsKey("--outbox")) {
            hostOptions = hostOptions.withLocalOutbox(Path.of(options.get("--outbox")));
        }
        FunctionsHost host = FunctionsHost.start(Path.of(options.get("--app")), port, settings, hostOptions);
        out.println();
        out.println("Functions:");
        host.triggers().forEach((name, trigger) -> out.println("        " + name + ": " + trigger));
        out.println();
        if (hostOptions.localOutbox().isPresent()) {
            out.println("Local outbox " + hostOptions.localOutbox().get() + ": [GET] " + host.baseUrl() + LocalOutboxEndpoint.PATH
                    + "?to=<phone or email>[&template=<name>] (this machine only)");
        }
        out.println("Host started on " + host.baseUrl() + " (Ctrl-C to stop)");
        return host;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (name.equals(EXIT_WITH_PARENT)) {
                options.put(name, "true");
                i--;
                continue;
            }
            if (!name.equals("--app") && !name.equals("--port") && !name.equals("--settings") && !name.equals("--outbox")) {
                throw new IllegalArgumentException("unknown option " + name);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            options.put(name, args[i + 1]);
        }
        return options;
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port: " + text, e);
        }
    }

    /** The {@code Values} of a local.settings.json; empty when there is no such file. */
    public static Map<String, String> localSettings(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            JsonNode values = new ObjectMapper().readTree(file.toFile()).path("Values");
            Map<String, String> settings = new HashMap<>();
            values.properties().forEach(field -> settings.put(field.getKey(), field.getValue().asText()));
            return settings;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }
}
