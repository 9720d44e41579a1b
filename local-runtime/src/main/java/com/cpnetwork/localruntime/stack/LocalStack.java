package com.cpnetwork.localruntime.stack;

import com.cpnetwork.localruntime.LocalRuntime;
import com.cpnetwork.localruntime.azurite.Azurite;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Everything a local run needs, in order: this data folder's own PostgreSQL and Azurite (when the settings name this
 * machine and do not ask to attach to servers running already), the app's deploy step, then the Functions host as a
 * child JVM whose environment holds the app settings, exactly as app settings reach a function app in Azure.
 * {@code ./run-local} and the end-to-end tests start the system this way. {@link #close()} stops what it started, in
 * reverse order.
 *
 * <p>Which servers it starts, on which ports, and when it refuses is the rule in {@code local-runtime/README.md}:
 * a local port of 0 in {@code DB_URL}, and {@code UseDevelopmentStorage=true}, mean ports chosen once per data folder
 * ({@link PortsFile}); any other local port is used as written; a port something else holds is refused, never shared;
 * only {@code LOCAL_STACK_ATTACH} makes it use a server on this machine that it did not start.
 */
public final class LocalStack implements AutoCloseable {

    /**
     * @param appDir    the packaged function app ({@code functions/target/azure-functions/<app>})
     * @param dataDir   where PostgreSQL and Azurite keep their data, and where logs go when {@code logFile} is set
     * @param settings  the app settings (local.settings.json Values with the environment over them); the stack hands
     *                  the deploy step and the host these with DB_URL and storage rewritten to its own servers' ports
     * @param setupMain the app's deploy step, run with {@code --local} before the host starts, if any
     * @param port      HTTP port of the host
     * @param logFile   where the children's output goes; empty: this process's console
     * @param healthy   wait for {@code /api/health} to answer 200; false: any answer will do (a dependency may be down on purpose)
     * @param fresh     delete {@code dataDir} first: start over with an empty database and storage
     */
    public record Options(Path appDir, Path dataDir, Map<String, String> settings, Optional<String> setupMain, int port,
                          Optional<Path> logFile, boolean healthy, boolean fresh) {
        public Options {
            settings = Map.copyOf(settings);
        }
    }

    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(90);
    /** Lists the servers ({@code database}, {@code storage}) to use as the settings name them instead of starting them. */
    private static final String ATTACH = "LOCAL_STACK_ATTACH";
    private static final Set<String> ATTACHABLE = Set.of("database", "storage");
    private static final List<String> STORAGE_SETTINGS = List.of("DataStorage", "AzureWebJobsStorage");

    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<String> summary = new ArrayList<>();
    private final Options options;
    /** One line per step as it starts or ends, with how long it took; {@code ./run-local} prints them. */
    private final Consumer<String> progress;
    private Map<String, String> settings;
    private Process host;

    private LocalStack(Options options, Consumer<String> progress) {
        this.options = options;
        this.progress = progress;
        this.settings = options.settings();
    }

    /** Starts everything and returns once {@code /api/health} answers (with 200, unless the options say otherwise). */
    public static LocalStack start(Options options) {
        LocalStack stack = new LocalStack(options, line -> { });
        stack.startAll();
        return stack;
    }

    private void startAll() {
        try {
            new StackPort(options.port(), "HTTP", "for the Functions host", "stop that process or set PORT to another port").requireFree();
            if (options.fresh() && Files.exists(options.dataDir())) {
                long began = System.nanoTime();
                deleteRecursively(options.dataDir());
                progress.accept("fresh     deleted " + options.dataDir() + since(began));
            }
            Files.createDirectories(options.dataDir());
            startDependencies();
            options.setupMain().ifPresent(this::runSetup);
            startHost();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("Could not create " + options.dataDir(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public String baseUrl() {
        return "http://localhost:" + options.port();
    }

    /** The app settings as the deploy step and the host get them: DB_URL and storage point at the servers in use. */
    public Map<String, String> settings() {
        return settings;
    }

    /** What runs where, one line each. */
    public List<String> summary() {
        return List.copyOf(summary);
    }

    private void startDependencies() {
        Set<String> attached = attached(options.settings());
        PortsFile ports = PortsFile.in(options.dataDir());
        Map<String, String> resolved = new HashMap<>(options.settings());
        startDatabase(resolved, attached.contains("database"), ports);
        startStorage(resolved, attached.contains("storage"), ports);
        settings = Map.copyOf(resolved);
    }

    private void startDatabase(Map<String, String> resolved, boolean attach, PortsFile ports) {
        String dbUrl = resolved.getOrDefault("DB_URL", "");
        if (!dbUrl.startsWith("jdbc:postgresql://")) {
            return;
        }
        if (attach) {
            summary.add("Database  " + dbUrl + " (attached as " + ATTACH + " says, not started here)");
            return;
        }
        Path dataDirectory = options.dataDir().resolve("postgres");
        boolean existing = Files.exists(dataDirectory.resolve("PG_VERSION"));
        long began = System.nanoTime();
        LocalDatabase.startFor(dbUrl, dataDirectory, ports).ifPresentOrElse(database -> {
            started.add(database);
            resolved.put("DB_URL", database.url());
            summary.add("Database  " + database.description());
            progress.accept("database  PostgreSQL 17 on 127.0.0.1:" + URI.create(database.url().substring("jdbc:".length())).getPort()
                    + (existing ? "" : ", a new one in " + dataDirectory) + since(began));
        }, () -> summary.add("Database  " + dbUrl + " (another machine, not started here)"));
    }

    private void startStorage(Map<String, String> resolved, boolean attach, PortsFile ports) {
        List<String> names = STORAGE_SETTINGS.stream().filter(resolved::containsKey).toList();
        if (names.isEmpty()) {
            return;
        }
        if (attach) {
            summary.add("Storage   " + String.join(" and ", names) + " as they are (attached as " + ATTACH + " says, not started here)");
            return;
        }
        // One Azurite serves every storage setting naming this machine; the first such setting says where it listens.
        long began = System.nanoTime();
        for (String name : names) {
            Optional<Azurite> azurite = LocalStorage.startFor(name, resolved.get(name), options.dataDir().resolve("azurite"), ports);
            if (azurite.isPresent()) {
                started.add(azurite.get());
                names.stream().filter(other -> LocalStorage.isDevelopmentStorage(resolved.get(other)))
                        .forEach(other -> resolved.put(other, azurite.get().connectionString()));
                summary.add("Storage   Azurite on 127.0.0.1 (blob " + azurite.get().blobPort() + ", queue " + azurite.get().queuePort()
                        + ", table " + azurite.get().tablePort() + "), data in " + options.dataDir().resolve("azurite"));
                progress.accept("storage   Azurite on 127.0.0.1 (blob " + azurite.get().blobPort() + ", queue " + azurite.get().queuePort()
                        + ", table " + azurite.get().tablePort() + ")" + since(began));
                return;
            }
        }
        summary.add("Storage   a storage account elsewhere (not started here)");
    }

    private static Set<String> attached(Map<String, String> appSettings) {
        Set<String> attached = Arrays.stream(appSettings.getOrDefault(ATTACH, "").split(","))
                .map(server -> server.trim().toLowerCase(Locale.ROOT))
                .filter(server -> !server.isEmpty())
                .collect(Collectors.toSet());
        if (!ATTACHABLE.containsAll(attached)) {
            throw new IllegalStateException(ATTACH + " is '" + appSettings.get(ATTACH) + "'; it lists database, storage or both, comma-separated");
        }
        return attached;
    }

    private void runSetup(String mainClass) {
        String classpath = options.appDir().resolve("*") + File.pathSeparator + options.appDir().resolve("lib").resolve("*");
        progress.accept("deploy    " + mainClass + " --local: migrations, signing key, containers and queues");
        long began = System.nanoTime();
        Process setup = launch(List.of(java(), "-cp", classpath, mainClass, "--local"));
        try {
            int exit = setup.waitFor();
            if (exit != 0) {
                throw new IllegalStateException("The deploy step (" + mainClass + ") failed with exit code " + exit + logHint());
            }
            progress.accept("deploy    done" + since(began));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            setup.destroy();
            throw new IllegalStateException("Interrupted while the deploy step ran", e);
        }
    }

    private void startHost() {
        List<String> command = new ArrayList<>(List.of(java()));
        // JAVA_OPTS is the app setting Azure passes to the Java worker's JVM (a profiler, heap size); here, the host's.
        Arrays.stream(settings.getOrDefault("JAVA_OPTS", "").trim().split("\\s+")).filter(option -> !option.isEmpty())
                .forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LocalRuntime.class.getName(),
                "--app", options.appDir().toString(), "--port", Integer.toString(options.port()),
                "--outbox", outbox(settings).toString(), "--exit-with-parent"));
        progress.accept("host      the Functions host on port " + options.port() + ", loading " + options.appDir());
        long began = System.nanoTime();
        host = launch(command);
        awaitHealthy();
        progress.accept("host      answers /api/health" + since(began));
        summary.add("API       " + baseUrl() + "/api  (health: /api/health, contract: /api/openapi.json)");
    }

    private Process launch(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(settings);
        if (options.logFile().isPresent()) {
            File log = options.logFile().get().toFile();
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        } else {
            builder.inheritIO();
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + command.get(0), e);
        }
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/health")).timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(HEALTHY_WITHIN);
        while (Instant.now().isBefore(deadline)) {
            if (!host.isAlive()) {
                throw new IllegalStateException("The Functions host exited with code " + host.exitValue() + logHint());
            }
            try {
                int status = http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 || !options.healthy()) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the host", e);
            }
            pause(Duration.ofMillis(100));
        }
        throw new IllegalStateException("The Functions host did not answer /api/health with 200 within " + HEALTHY_WITHIN.toSeconds() + " s" + logHint());
    }

    private String logHint() {
        return options.logFile().map(log -> "; see " + log).orElse("");
    }

    @Override
    public synchronized void close() {
        if (host != null && host.isAlive()) {
            host.destroy();
            try {
                if (!host.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                    host.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                host.destroyForcibly();
            }
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("local stack: could not stop " + started.get(i).getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        started.clear();
    }

    /** Blocks until the host process ends (it should not, until this process is told to stop). */
    int awaitHostExit() throws InterruptedException {
        return host.waitFor();
    }

    /** Where the app writes SMS and email when no provider is configured (its default when the setting is absent). */
    private static Path outbox(Map<String, String> settings) {
        return Path.of(settings.getOrDefault("LOCAL_OUTBOX_DIR", ".local/outbox"));
    }

    private static String since(long began) {
        return String.format(Locale.ROOT, " (%.1f s)", (System.nanoTime() - began) / 1e9);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@code ./run-local}: {@code --app <dir> --data <dir> --settings <local.settings.json> [--setup <main class>] [--fresh]}.
     * The port is {@code PORT}, else 7071.
     */
    public static void main(String[] args) throws InterruptedException {
        // The runtime's own logging configuration (embedded PostgreSQL's INFO and DEBUG lines say what the steps say).
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "local-runtime-logback.xml");
        }
        Map<String, String> arguments = new HashMap<>();
        boolean fresh = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--fresh")) {
                fresh = true;
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                arguments.put(args[i], args[++i]);
            } else {
                System.err.println("local stack: unexpected argument " + args[i]);
                System.exit(2);
            }
        }
        Path dataDir = Path.of(arguments.getOrDefault("--data", ".local"));
        Map<String, String> settings = new HashMap<>(LocalRuntime.localSettings(Path.of(arguments.getOrDefault("--settings", "local.settings.json"))));
        settings.putAll(System.getenv());
        int port = Integer.parseInt(settings.getOrDefault("PORT", "7071"));
        Options options = new Options(Path.of(arguments.getOrDefault("--app", "functions/target/azure-functions/cpnetwork-api")),
                dataDir, settings, Optional.ofNullable(arguments.get("--setup")), port, Optional.empty(), true, fresh);

        LocalStack stack = new LocalStack(options, line -> System.out.println("local stack: " + line));
        CountDownLatch stopped = new CountDownLatch(1);
        // Registered before anything starts, so a Ctrl-C during start-up stops what has started so far.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "local-stack-stop"));
        try {
            stack.startAll();
        } catch (RuntimeException e) {
            System.err.println("local stack: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println();
        System.out.println("cpnetwork is running:");
        stack.summary().forEach(line -> System.out.println("  " + line));
        System.out.println("  Outbox    " + outbox(settings) + " (SMS and email land here as JSON files; the newest to someone: "
                + stack.baseUrl() + "/local/outbox/latest?to=<phone or email>)");
        System.out.println("Ctrl-C stops everything.");
        int exit = stack.awaitHostExit();
        // The host ended on its own (not through our shutdown hook): stop the rest and report it.
        if (stopped.getCount() > 0) {
            System.err.println("local stack: the Functions host exited with code " + exit + "; stopping");
            System.exit(exit == 0 ? 1 : exit);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + directory, e);
        }
    }
}
