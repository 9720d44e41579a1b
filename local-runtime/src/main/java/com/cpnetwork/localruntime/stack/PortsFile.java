package com.cpnetwork.localruntime.stack;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ports a data folder's own servers listen on, kept in {@code <data>/ports.json}: chosen free the first time a
 * server needs one and reused on every later start, so each checkout (each data folder) has servers of its own that
 * its tools find again. Deleting the file (or {@code --fresh}) chooses new ones.
 */
final class PortsFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<String, Integer> ports;

    private PortsFile(Path file, Map<String, Integer> ports) {
        this.file = file;
        this.ports = ports;
    }

    /** The ports remembered for {@code dataDir}; none yet when it has no ports file. */
    static PortsFile in(Path dataDir) {
        Path file = dataDir.resolve("ports.json");
        if (!Files.exists(file)) {
            return new PortsFile(file, new TreeMap<>());
        }
        try {
            return new PortsFile(file, new TreeMap<>(JSON.readValue(file.toFile(), new TypeReference<Map<String, Integer>>() { })));
        } catch (IOException e) {
            throw new IllegalStateException(file + " is not a ports file (" + e.getMessage() + "); delete it to choose new ports", e);
        }
    }

    /** The port remembered for {@code server}; the first time, a free one, written to the file at once. */
    StackPort port(String server) {
        Integer port = ports.get(server);
        if (port == null) {
            port = Ports.freeExcept(ports.values());
            ports.put(server, port);
            write();
        }
        return new StackPort(port, server, "remembered in " + file, "stop that process, or delete " + file + " to choose new ports");
    }

    private void write() {
        try {
            Files.createDirectories(file.getParent());
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), ports);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }
}
