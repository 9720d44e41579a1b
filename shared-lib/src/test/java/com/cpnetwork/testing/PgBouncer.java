package com.cpnetwork.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PgBouncer (the {@code pgbouncer} program; Debian's package) in front of a PostgreSQL on this machine, set up as
 * Azure Flexible Server's built-in one runs for this app: transaction pooling, password sign-in (SCRAM), the default
 * {@code server_reset_query} (which transaction mode never runs, so nothing cleans a server connection between
 * callers), no tracking of named prepared statements ({@code max_prepared_statements} is 0 on Azure and does not exist
 * before 1.21) and no {@code ignore_startup_parameters} (empty on Azure, so a start-up parameter PgBouncer does not
 * track is refused: older JDBC drivers sent {@code extra_float_digits}, pgjdbc 42.7 sends none to PostgreSQL 12 or
 * later). A small server pool makes callers share server connections. {@link #close()} stops it.
 *
 * <p>PgBouncer refuses to run as root; as root it is started with {@code -u nobody}, its files owned by nobody.
 */
public final class PgBouncer implements AutoCloseable {

    /** Where Debian and Ubuntu put it; not on a non-root user's PATH. */
    private static final List<Path> USUAL_PLACES = List.of(Path.of("/usr/sbin"), Path.of("/usr/local/sbin"), Path.of("/usr/local/bin"));
    private static final Duration READY_WITHIN = Duration.ofSeconds(10);
    private static final String MISSING = "pgbouncer is not installed (looked on the PATH and in /usr/sbin, /usr/local/sbin,"
            + " /usr/local/bin). The tests run the app through a real PgBouncer, as in Azure: on Debian or Ubuntu"
            + " `sudo apt-get install -y --no-install-recommends pgbouncer` (.ci/run does it), on macOS `brew install pgbouncer`";

    private final Process process;
    private final Path directory;
    private final Path log;
    private final int port;
    private final String database;

    private PgBouncer(Process process, Path directory, Path log, int port, String database) {
        this.process = process;
        this.directory = directory;
        this.log = log;
        this.port = port;
        this.database = database;
    }

    /**
     * Starts PgBouncer on a free loopback port for {@code database} on {@code 127.0.0.1:serverPort}, letting
     * {@code user} in with {@code password}, with at most {@code serverConnections} server connections for them;
     * returns once it accepts connections. Its output goes to {@code log}.
     *
     * @throws IllegalStateException when pgbouncer is not installed, or does not start (with the end of its log)
     */
    public static PgBouncer start(int serverPort, String database, String user, String password, int serverConnections, Path log) {
        Path executable = executable().orElseThrow(() -> new IllegalStateException(MISSING));
        int port = freePort();
        try {
            Path directory = Files.createTempDirectory("pgbouncer-");
            Path config = directory.resolve("pgbouncer.ini");
            Path users = directory.resolve("userlist.txt");
            Files.writeString(users, quoted(user) + " " + quoted(password) + "\n", StandardCharsets.UTF_8);
            Files.writeString(config, String.join("\n",
                    "[databases]",
                    database + " = host=127.0.0.1 port=" + serverPort + " dbname=" + database,
                    "",
                    "[pgbouncer]",
                    "listen_addr = 127.0.0.1",
                    "listen_port = " + port,
                    "unix_socket_dir =",
                    "auth_type = scram-sha-256",
                    "auth_file = " + users,
                    "pool_mode = transaction",
                    "default_pool_size = " + serverConnections,
                    "min_pool_size = 0",
                    "reserve_pool_size = 0",
                    "max_client_conn = 200",
                    "server_reset_query = DISCARD ALL",
                    ""), StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of(executable.toString()));
            if (isRoot(directory)) {
                UserPrincipal nobody = directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
                for (Path file : List.of(directory, config, users)) {
                    Files.setOwner(file, nobody);
                }
                command.addAll(List.of("-u", "nobody"));
            }
            command.add(config.toString());
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            PgBouncer started = new PgBouncer(process, directory, log, port, database);
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "pgbouncer-stop"));
            started.awaitReady();
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + executable, e);
        }
    }

    /** The installed program: on the PATH, else where Debian puts it. */
    static Optional<Path> executable() {
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty()).map(Path::of);
        return Stream.concat(onPath, USUAL_PLACES.stream())
                .map(folder -> folder.resolve("pgbouncer"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** The port it listens on, on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** {@code DB_URL} through it. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Its log (connections, errors); for a failure message. */
    public Path log() {
        return log;
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(READY_WITHIN);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                close();
                throw new IllegalStateException("pgbouncer exited with code " + process.exitValue() + ":\n" + logTail());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException e) {
                // Not listening yet.
            }
            pause();
        }
        close();
        throw new IllegalStateException("pgbouncer did not listen on port " + port + " within " + READY_WITHIN.toSeconds() + " s:\n" + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    /** Stops it (SIGTERM: it drops its connections at once) and deletes its configuration. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException ignored) {
            // A temporary folder; the machine cleans it up if we cannot.
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for pgbouncer", e);
        }
    }

    private static boolean isRoot(Path ownFile) throws IOException {
        return ((Number) Files.getAttribute(ownFile, "unix:uid")).intValue() == 0;
    }

    /** A userlist.txt field: double quotes around, a double quote inside doubled. */
    private static String quoted(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
