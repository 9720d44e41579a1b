package com.cpnetwork.localruntime.stack;

import com.cpnetwork.localruntime.azurite.Azurite;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * This checkout's Azurite for local runs: started, with its data in a directory, when a storage connection string
 * names this machine. {@code UseDevelopmentStorage=true} gets the ports remembered for the data folder; a connection
 * string with local endpoints gets the ports it names.
 */
final class LocalStorage {
    private static final String DEVELOPMENT_STORAGE = "UseDevelopmentStorage=true";

    private LocalStorage() {
    }

    static boolean isDevelopmentStorage(String connectionString) {
        return connectionString.trim().equalsIgnoreCase(DEVELOPMENT_STORAGE);
    }

    /**
     * Starts Azurite for the connection string in setting {@code name}; empty when it names another machine.
     *
     * @throws IllegalStateException naming the port and the process holding it, when something listens there already
     */
    static Optional<Azurite> startFor(String name, String connectionString, Path dataDirectory, PortsFile ports) {
        return localPorts(name, connectionString, ports).map(local -> {
            local.requireFree();
            return Azurite.start(Azurite.Options.persistent(dataDirectory)
                    .withPorts(local.blob().port(), local.queue().port(), local.table().port()));
        });
    }

    /** The ports of a connection string naming this machine; empty when it names another one. */
    private static Optional<ServicePorts> localPorts(String name, String connectionString, PortsFile ports) {
        if (isDevelopmentStorage(connectionString)) {
            return Optional.of(new ServicePorts(ports.port("blob"), ports.port("queue"), ports.port("table")));
        }
        Map<String, String> parts = Arrays.stream(connectionString.split(";"))
                .map(part -> part.split("=", 2))
                .filter(pair -> pair.length == 2)
                .collect(Collectors.toMap(pair -> pair[0].trim(), pair -> pair[1].trim(), (a, b) -> b));
        Optional<URI> blob = Optional.ofNullable(parts.get("BlobEndpoint")).map(URI::create);
        Optional<URI> queue = Optional.ofNullable(parts.get("QueueEndpoint")).map(URI::create);
        if (blob.isEmpty() || queue.isEmpty() || !Ports.isLocal(blob.get().getHost()) || !Ports.isLocal(queue.get().getHost())) {
            return Optional.empty();
        }
        StackPort table = Optional.ofNullable(parts.get("TableEndpoint")).map(URI::create)
                .map(endpoint -> named(endpoint.getPort(), "table", name))
                .orElseGet(() -> ports.port("table"));
        return Optional.of(new ServicePorts(named(blob.get().getPort(), "blob", name), named(queue.get().getPort(), "queue", name), table));
    }

    private static StackPort named(int port, String service, String setting) {
        return new StackPort(port, service, "from " + setting, "stop that process, set " + setting
                + " to UseDevelopmentStorage=true to let this checkout choose ports of its own, or set LOCAL_STACK_ATTACH=storage"
                + " to use that server as it is");
    }

    /** Where Azurite's three services are to listen. */
    private record ServicePorts(StackPort blob, StackPort queue, StackPort table) {
        void requireFree() {
            blob.requireFree();
            queue.requireFree();
            table.requireFree();
        }
    }
}
