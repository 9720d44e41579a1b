package com.cpnetwork.localruntime;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running function app: the packaged app in its own class loader, its HTTP functions served on a port, its queue,
 * blob and timer triggers polling. Start one with {@link #start}; {@link #close()} stops it and waits for running
 * invocations.
 *
 * <p>App settings are visible to functions as system properties (a JVM cannot change its own environment), except
 * those already in the environment with the same value; {@link #close()} puts the previous properties back.
 */
public final class FunctionsHost implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FunctionsHost.class);
    private static final String HOST_STORAGE = "AzureWebJobsStorage";
    private static final String BLOB_POISON_QUEUE = "webjobs-blobtrigger-poison";

    private final HttpTriggerServer http;
    private final List<TriggerListener> listeners;
    private final Runnable restoreSystemProperties;
    private final Map<String, String> triggers;
    private final AtomicBoolean closed = new AtomicBoolean();

    private FunctionsHost(HttpTriggerServer http, List<TriggerListener> listeners, Runnable restoreSystemProperties,
                          Map<String, String> triggers) {
        this.http = http;
        this.listeners = listeners;
        this.restoreSystemProperties = restoreSystemProperties;
        this.triggers = triggers;
    }

    /** Starts the app in {@code appDir} with default options; port 0 picks a free port. */
    public static FunctionsHost start(Path appDir, int port, Map<String, String> settings) {
        return start(appDir, port, settings, HostOptions.defaults());
    }

    /**
     * Starts the packaged function app in {@code appDir} (the folder azure-functions-maven-plugin writes, such as
     * {@code target/azure-functions/<app>}) with these app settings, serving HTTP on {@code port} (0 picks a free one).
     *
     * @throws FunctionAppException when the app is missing, malformed or uses what the local runtime does not support
     */
    public static FunctionsHost start(Path appDir, int port, Map<String, String> settings, HostOptions options) {
        ObjectMapper json = new ObjectMapper();
        FunctionApp app = FunctionApp.load(appDir, json);
        AppSettings appSettings = new AppSettings(settings);
        AppClassLoader loader = new AppClassLoader(app.jars());
        List<TriggerListener> listeners = new ArrayList<>();
        HttpTriggerServer http = null;
        Runnable restore = () -> { };
        try {
            Wiring wiring = new Wiring(app, appSettings, options, json);
            List<RouteTable.Route> routes = new ArrayList<>();
            List<FunctionInvoker> functions = app.functions().stream().map(f -> new FunctionInvoker(f, loader)).toList();
            for (FunctionInvoker function : functions) {
                if (function.definition().kind() == TriggerKind.HTTP) {
                    routes.add(wiring.route(function));
                } else {
                    listeners.add(wiring.listener(function));
                }
            }
            Handler handler = new HttpTriggerHandler(new RouteTable(routes));
            if (options.localOutbox().isPresent()) {
                handler = new LocalOutboxEndpoint(options.localOutbox().get(), handler);
            }
            http = new HttpTriggerServer(port, handler, options.shutdownTimeout());
            restore = appSettings.publishAsSystemProperties();
            http.start();
            listeners.forEach(TriggerListener::start);
            Map<String, String> triggers = wiring.describe(functions, routes, http.port());
            log.info("Started {} functions from {}", functions.size(), app.dir());
            return new FunctionsHost(http, List.copyOf(listeners), restore, triggers);
        } catch (RuntimeException e) {
            new FunctionsHost(http, listeners, restore, Map.of()).close();
            throw e;
        }
    }

    /** The port HTTP functions are served on. */
    public int port() {
        return http.port();
    }

    /** {@code http://localhost:<port>}; function URLs add the route prefix, such as {@code /api/health}. */
    public String baseUrl() {
        return "http://localhost:" + port();
    }

    /** Each function's name with its trigger: the URL for HTTP, the queue, blob path or schedule otherwise. */
    public Map<String, String> triggers() {
        return triggers;
    }

    /** Stops taking requests and polling, and waits for running invocations up to the shutdown timeout. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Stopping the server and the listeners side by side keeps shutdown within one timeout, not the sum.
        List<Thread> stopping = new ArrayList<>();
        if (http != null) {
            stopping.add(Workers.thread("stop-http", () -> closeQuietly(http)));
        }
        listeners.forEach(listener -> stopping.add(Workers.thread("stop-listener", () -> closeQuietly(listener))));
        stopping.forEach(Thread::start);
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        restoreSystemProperties.run();
        // The app class loader is left open: threads the app started (an SDK's event loops, say) outlive the host and
        // would fail on every class they still have to load.
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("Stopping {} failed: {}", closeable, e.toString());
        }
    }

    /** Builds the route or listener for each function from its trigger binding and the app settings. */
    private record Wiring(FunctionApp app, AppSettings settings, HostOptions options, ObjectMapper json) {

        RouteTable.Route route(FunctionInvoker function) {
            Binding trigger = function.definition().trigger();
            // The route defaults to the function name, as on the host.
            String template = String.join("/", RouteTemplate.split(app.host().routePrefix() + "/" + trigger.text("route", function.name())));
            Set<String> methods = new TreeSet<>();
            trigger.properties().path("methods").forEach(method -> methods.add(method.asText().toUpperCase(Locale.ROOT)));
            try {
                return new RouteTable.Route(RouteTemplate.parse(template), Collections.unmodifiableSet(methods), function);
            } catch (IllegalArgumentException e) {
                throw invalid(function, e);
            }
        }

        TriggerListener listener(FunctionInvoker function) {
            Binding trigger = function.definition().trigger();
            try {
                return switch (function.definition().kind()) {
                    case QUEUE -> queueListener(function, settings.resolve(trigger.text("queueName", "")));
                    case BLOB -> blobScanner(function, BlobPathPattern.parse(settings.resolve(trigger.text("path", ""))));
                    case TIMER -> new TimerListener(function, TimerSchedule.parse(settings.resolve(trigger.text("schedule", ""))),
                            trigger.flag("runOnStartup"), Clock.systemUTC(), options.shutdownTimeout());
                    case HTTP -> throw new IllegalStateException("HTTP functions are routes, not listeners");
                };
            } catch (IllegalArgumentException e) {
                throw invalid(function, e);
            }
        }

        private QueueListener queueListener(FunctionInvoker function, String queueName) {
            String connection = connectionString(function, function.definition().trigger().text("connection", HOST_STORAGE));
            return new QueueListener(function, rawQueue(connection, queueName), rawQueue(connection, queueName + "-poison"),
                    app.host().queues(), options.shutdownTimeout());
        }

        private BlobScanner blobScanner(FunctionInvoker function, BlobPathPattern path) {
            String connection = connectionString(function, function.definition().trigger().text("connection", HOST_STORAGE));
            // Receipts and the poison queue belong to the host's own storage, as on Azure.
            String hostStorage = connectionString(function, HOST_STORAGE);
            BlobServiceClient hostBlobs = new BlobServiceClientBuilder().connectionString(hostStorage).buildClient();
            QueueClient poison = new QueueClientBuilder().connectionString(hostStorage).queueName(BLOB_POISON_QUEUE)
                    .messageEncoding(QueueMessageEncoding.BASE64).buildClient();
            return new BlobScanner(function, path,
                    new BlobServiceClientBuilder().connectionString(connection).buildClient().getBlobContainerClient(path.container()),
                    connection, new BlobReceipts(hostBlobs.getBlobContainerClient(BlobReceipts.CONTAINER), hostId()), poison, json,
                    app.host().queues().maxConcurrency(), options.blobScanInterval(), options.shutdownTimeout());
        }

        private static QueueClient rawQueue(String connectionString, String queueName) {
            return new QueueClientBuilder().connectionString(connectionString).queueName(queueName)
                    .messageEncoding(QueueMessageEncoding.NONE).buildClient();
        }

        private String connectionString(FunctionInvoker function, String connection) {
            return settings.connectionString(connection).orElseThrow(() -> new FunctionAppException("Function '"
                    + function.name() + "' needs the storage connection '" + connection + "': set the app setting '"
                    + connection + "' (in local.settings.json Values or the environment), e.g. to UseDevelopmentStorage=true."));
        }

        /** The host id names this app's receipts; like the host's, lower-case letters, digits and dashes, at most 32. */
        private String hostId() {
            String id = settings.get("AzureFunctionsWebHost__hostid").orElse(app.dir().getFileName().toString());
            String cleaned = id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "");
            return cleaned.substring(0, Math.min(32, cleaned.length()));
        }

        Map<String, String> describe(List<FunctionInvoker> functions, List<RouteTable.Route> routes, int port) {
            Map<String, RouteTable.Route> routeOf = routes.stream()
                    .collect(Collectors.toMap(route -> route.function().name(), route -> route));
            Map<String, String> described = new LinkedHashMap<>();
            for (FunctionInvoker function : functions) {
                Binding trigger = function.definition().trigger();
                described.put(function.name(), switch (function.definition().kind()) {
                    case HTTP -> {
                        RouteTable.Route route = routeOf.get(function.name());
                        String methods = route.methods().isEmpty() ? "ANY" : String.join(",", route.methods());
                        yield "[" + methods + "] http://localhost:" + port + "/" + route.template();
                    }
                    case QUEUE -> "queueTrigger: " + settings.resolve(trigger.text("queueName", ""));
                    case BLOB -> "blobTrigger: " + settings.resolve(trigger.text("path", ""))
                            + (trigger.text("source", "").equalsIgnoreCase("EventGrid") ? " (EventGrid source, served by polling)" : "");
                    case TIMER -> "timerTrigger: " + settings.resolve(trigger.text("schedule", ""))
                            + (trigger.flag("runOnStartup") ? " (runOnStartup)" : "");
                });
            }
            return Collections.unmodifiableMap(described);
        }

        private static FunctionAppException invalid(FunctionInvoker function, IllegalArgumentException e) {
            return new FunctionAppException("Function '" + function.name() + "': " + e.getMessage(), e);
        }
    }
}
