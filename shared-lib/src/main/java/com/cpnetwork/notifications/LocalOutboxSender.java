package com.cpnetwork.notifications;

import com.cpnetwork.platform.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Where messages go when no provider is configured (local runs, tests): one JSON file per message with
 * {@code channel}, {@code to}, {@code subject}, {@code body}, {@code createdAt}, written atomically so a reader never
 * sees half a file. An SMS also records its {@code template} and {@code variables}, what MSG91 would be given, so a
 * sign-in code is read as {@code variables.code} rather than picked out of the text.
 */
public final class LocalOutboxSender implements MessageSender {

    private final Path directory;
    private final Clock clock;

    public LocalOutboxSender(Path directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    @Override
    public void send(Notification notification) {
        Instant now = clock.instant();
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("channel", notification.channel().name());
        file.put("to", notification.to());
        file.put("subject", notification.subject());
        file.put("body", notification.body());
        if (notification.template() != null) {
            file.put("template", notification.template());
            file.put("variables", new TreeMap<>(notification.variables()));
        }
        file.put("createdAt", now.toString());
        String name = now.toEpochMilli() + "-" + UUID.randomUUID() + ".json";
        try {
            Files.createDirectories(directory);
            Path partial = directory.resolve(name + ".tmp");
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(partial.toFile(), file);
            Files.move(partial, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DeliveryFailed("Could not write to the local outbox " + directory, e);
        }
    }
}
