package com.cpnetwork.localruntime.azurite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Azurite, the Azure Storage emulator from npm, run as a child process on 127.0.0.1: on free ports unless given, in
 * memory unless given a directory. {@link #close()} stops the process and its children; a JVM that exits without
 * closing stops it too.
 *
 * <p>The binary is the system property {@code azurite.bin}, else the environment variable {@code AZURITE_BIN}, else
 * {@code node_modules/.bin/azurite} in the working directory or the nearest parent that has one.
 */
public final class Azurite implements AutoCloseable {
    public static final String ACCOUNT_NAME = "devstoreaccount1";
    /** Azurite's well-known development account key (public, not a secret). */
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    /** What {@code UseDevelopmentStorage=true} stands for: Azurite on its default ports. */
    public static final String DEVELOPMENT_STORAGE = connectionString(10000, 10001, 10002);

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final int ATTEMPTS_ON_FREE_PORTS = 3;

    private final Process process;
    private final Options ports;
    private final Path log;
    private final Thread stopOnExit;

    private Azurite(Process process, Options ports, Path log) {
        this.process = process;
        this.ports = ports;
        this.log = log;
        this.stopOnExit = new Thread(this::stop, "azurite-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** Starts an in-memory Azurite on free ports. */
    public static Azurite start() {
        return start(Options.inMemory());
    }

    /**
     * Starts Azurite and returns once all three services accept connections.
     *
     * @throws IllegalStateException when the binary is missing or Azurite does not come up (its output is in the message)
     */
    public static Azurite start(Options options) {
        Path binary = findBinary();
        // A free port can be taken between choosing it and Azurite binding it; choosing again fixes that.
        int attempts = options.choosesPorts() ? ATTEMPTS_ON_FREE_PORTS : 1;
        for (int attempt = 1; ; attempt++) {
            Options resolved = options.withFreePorts();
            Path log = tempLog();
            Process process = launch(binary, resolved, log);
            if (awaitListening(process, resolved)) {
                return new Azurite(process, resolved, log);
            }
            destroy(process);
            if (attempt == attempts) {
                String output = read(log);
                deleteQuietly(log);
                throw new IllegalStateException("Azurite (" + binary + ") did not start within " + STARTUP_TIMEOUT.toSeconds()
                        + " s on ports " + resolved.blobPort() + "/" + resolved.queuePort() + "/" + resolved.tablePort()
                        + ". Its output:\n" + output);
            }
            deleteQuietly(log);
        }
    }

    /** An explicit connection string for this instance, usable by the Azure SDK and as AzureWebJobsStorage. */
    public String connectionString() {
        return connectionString(ports.blobPort(), ports.queuePort(), ports.tablePort());
    }

    public int blobPort() {
        return ports.blobPort();
    }

    public int queuePort() {
        return ports.queuePort();
    }

    public int tablePort() {
        return ports.tablePort();
    }

    /** Stops Azurite and its child processes and waits for them to end. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running or has run.
        }
    }

    /** The connection string of an Azurite on 127.0.0.1 with these ports. */
    public static String connectionString(int blobPort, int queuePort, int tablePort) {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT_NAME + ";AccountKey=" + ACCOUNT_KEY
                + ";BlobEndpoint=http://127.0.0.1:" + blobPort + "/" + ACCOUNT_NAME
                + ";QueueEndpoint=http://127.0.0.1:" + queuePort + "/" + ACCOUNT_NAME
                + ";TableEndpoint=http://127.0.0.1:" + tablePort + "/" + ACCOUNT_NAME + ";";
    }

    /** The Azurite binary, looked up as the class comment says. */
    public static Path findBinary() {
        Set<Path> candidates = new LinkedHashSet<>();
        for (String configured : new String[] {System.getProperty("azurite.bin"), System.getenv("AZURITE_BIN")}) {
            if (configured != null && !configured.isBlank()) {
                candidates.add(Path.of(configured));
            }
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            candidates.add(dir.resolve("node_modules/.bin/azurite"));
        }
        return candidates.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new IllegalStateException(
                "Azurite not found (looked at " + candidates + "). Run `npm ci` at the repository root, or point the "
                        + "system property azurite.bin or the environment variable AZURITE_BIN at the azurite binary."));
    }

    private synchronized void stop() {
        if (process.isAlive()) {
            destroy(process);
        }
        deleteQuietly(log);
    }

    private static Process launch(Path binary, Options options, Path log) {
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--skipApiVersionCheck", "--disableTelemetry", "--silent",
                "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(options.blobPort()),
                "--queueHost", "127.0.0.1", "--queuePort", Integer.toString(options.queuePort()),
                "--tableHost", "127.0.0.1", "--tablePort", Integer.toString(options.tablePort())));
        if (options.location() == null) {
            command.add("--inMemoryPersistence");
        } else {
            command.addAll(List.of("--location", options.location().toAbsolutePath().toString()));
        }
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + binary + ": " + e.getMessage(), e);
        }
    }

    private static boolean awaitListening(Process process, Options options) {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            if (accepts(options.blobPort()) && accepts(options.queuePort()) && accepts(options.tablePort())) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void destroy(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                children.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path tempLog() {
        try {
            return Files.createTempFile("azurite-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover log in the temp directory is harmless.
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Where Azurite keeps its data and which ports it uses.
     *
     * @param location  the data directory, or null to keep everything in memory
     * @param blobPort  0 to choose a free port, likewise the others
     */
    public record Options(Path location, int blobPort, int queuePort, int tablePort) {

        public static Options inMemory() {
            return new Options(null, 0, 0, 0);
        }

        public static Options persistent(Path location) {
            return new Options(location, 0, 0, 0);
        }

        public Options withPorts(int blob, int queue, int table) {
            return new Options(location, blob, queue, table);
        }

        boolean choosesPorts() {
            return blobPort == 0 || queuePort == 0 || tablePort == 0;
        }

        Options withFreePorts() {
            return new Options(location, orFree(blobPort), orFree(queuePort), orFree(tablePort));
        }

        private static int orFree(int port) {
            return port == 0 ? freePort() : port;
        }
    }
}
