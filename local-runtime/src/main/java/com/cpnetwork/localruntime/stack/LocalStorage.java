package com.cpnetwork.localruntime.stack;

import com.cpnetwork.localruntime.azurite.Azurite;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Azurite for local runs: started, with its data in a directory, when the storage connection string points at this
 * machine and nothing listens on its blob port yet.
 */
final class LocalStorage {

    private LocalStorage() {
    }

    /** Starts Azurite for {@code connectionString} if it is local and not running; empty when someone else serves it. */
    static Optional<Azurite> startFor(String connectionString, Path dataDirectory) {
        int[] ports = localPorts(connectionString);
        if (ports.length == 0 || Ports.inUse(ports[0])) {
            return Optional.empty();
        }
        return Optional.of(Azurite.start(Azurite.Options.persistent(dataDirectory).withPorts(ports[0], ports[1], ports[2])));
    }

    /** Blob, queue and table ports of a local connection string; empty when it names another machine. */
    static int[] localPorts(String connectionString) {
        if (connectionString.trim().equalsIgnoreCase("UseDevelopmentStorage=true")) {
            return new int[] {10000, 10001, 10002};
        }
        Map<String, String> parts = Arrays.stream(connectionString.split(";"))
                .map(part -> part.split("=", 2))
                .filter(pair -> pair.length == 2)
                .collect(Collectors.toMap(pair -> pair[0].trim(), pair -> pair[1].trim(), (a, b) -> b));
        Optional<URI> blob = Optional.ofNullable(parts.get("BlobEndpoint")).map(URI::create);
        Optional<URI> queue = Optional.ofNullable(parts.get("QueueEndpoint")).map(URI::create);
        if (blob.isEmpty() || queue.isEmpty() || !Ports.isLocal(blob.get().getHost()) || !Ports.isLocal(queue.get().getHost())) {
            return new int[0];
        }
        int table = Optional.ofNullable(parts.get("TableEndpoint")).map(URI::create).map(URI::getPort).orElse(Ports.free());
        return new int[] {blob.get().getPort(), queue.get().getPort(), table};
    }
}
