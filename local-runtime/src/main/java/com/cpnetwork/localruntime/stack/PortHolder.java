package com.cpnetwork.localruntime.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which process listens on a TCP port of this machine, read from Linux's {@code /proc} (the listening sockets in
 * {@code /proc/net/tcp} and {@code tcp6}, then the process whose open files include that socket). Empty on other
 * systems, or when the process belongs to a user whose files cannot be read.
 */
final class PortHolder {
    private static final String LISTEN = "0A";
    private static final int MAX_COMMAND_LENGTH = 160;

    private PortHolder() {
    }

    /**
     * {@code pid 1234 in /its/working/directory (its command line)} of the process listening on {@code port}, if it
     * can be told; the directory tells checkouts apart when the command line has relative paths.
     */
    static Optional<String> describe(int port) {
        Set<String> sockets = listeningSockets(port);
        if (sockets.isEmpty()) {
            return Optional.empty();
        }
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(dir -> dir.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(dir -> holdsAny(dir, sockets))
                    .findFirst()
                    .map(dir -> Long.parseLong(dir.getFileName().toString()))
                    .map(PortHolder::describeProcess);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The {@code socket:[inode]} names of the sockets listening on {@code port}. */
    private static Set<String> listeningSockets(int port) {
        Set<String> sockets = new HashSet<>();
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try (Stream<String> lines = Files.lines(Path.of(table))) {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
                lines.skip(1).map(line -> line.trim().split("\\s+"))
                        .filter(fields -> fields.length > 9 && fields[1].endsWith(":" + hexPort) && fields[3].equals(LISTEN))
                        .forEach(fields -> sockets.add("socket:[" + fields[9] + "]"));
            } catch (IOException e) {
                // No such table here (not Linux, or no IPv6): nothing to add.
            }
        }
        return sockets;
    }

    private static boolean holdsAny(Path processDir, Set<String> sockets) {
        try (Stream<Path> files = Files.list(processDir.resolve("fd"))) {
            return files.anyMatch(fd -> {
                try {
                    return sockets.contains(Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    private static String describeProcess(long pid) {
        String command = ProcessHandle.of(pid).flatMap(process -> process.info().commandLine()).orElse("command unknown");
        if (command.length() > MAX_COMMAND_LENGTH) {
            command = command.substring(0, MAX_COMMAND_LENGTH) + "...";
        }
        String directory;
        try {
            directory = " in " + Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd"));
        } catch (IOException e) {
            directory = "";
        }
        return "pid " + pid + directory + " (" + command + ")";
    }
}
