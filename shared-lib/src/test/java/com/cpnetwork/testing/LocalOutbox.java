package com.cpnetwork.testing;

import com.cpnetwork.Backend;
import com.cpnetwork.platform.db.TransactionScope;
import com.cpnetwork.platform.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a person would receive: delivers the notifications waiting in the outbox table (as the queue consumer does,
 * through {@code backend.notificationDelivery()}) and reads the JSON files the local outbox sender writes. Only rows
 * of the organizations this backend's fixtures made are delivered, so other test classes' messages never show up.
 */
public final class LocalOutbox {

    /** One file of the local outbox. */
    public record Message(String channel, String to, String subject, String body, Instant createdAt) {
    }

    private static final Pattern SIX_DIGITS = Pattern.compile("\\b(\\d{6})\\b");
    private static final Pattern RESET_TOKEN = Pattern.compile("reset-password\\?token=([A-Za-z0-9_-]+)");

    private final Backend backend;
    private final Supplier<Set<UUID>> organizations;
    private final List<Message> delivered = Collections.synchronizedList(new ArrayList<>());

    LocalOutbox(Backend backend, Supplier<Set<UUID>> organizations) {
        this.backend = backend;
        this.organizations = organizations;
    }

    public Path folder() {
        return backend.settings().localOutboxDir();
    }

    /** Ids of notification rows not yet delivered (PENDING or QUEUED), oldest first. */
    public List<UUID> pendingIds() {
        Set<UUID> orgs = organizations.get();
        if (orgs.isEmpty()) {
            return List.of();
        }
        return TestInfrastructure.get().database().inTransaction(TransactionScope.system(), handle -> handle.createQuery("""
                SELECT id FROM outbox
                 WHERE queue = 'notifications' AND status IN ('PENDING', 'QUEUED') AND org_id = ANY(:orgs)
                 ORDER BY created_at, id""")
                .bind("orgs", orgs.toArray(UUID[]::new)).mapTo(UUID.class).list());
    }

    /** Delivers every waiting notification; returns what was sent, in delivery order. */
    public synchronized List<Message> deliverPending() {
        List<Message> sent = new ArrayList<>();
        for (UUID id : pendingIds()) {
            Set<Path> before = files();
            backend.notificationDelivery().deliver(id);
            files().stream().filter(file -> !before.contains(file)).sorted().map(LocalOutbox::read).forEach(sent::add);
        }
        delivered.addAll(sent);
        return sent;
    }

    /** Everything delivered so far (after delivering what is waiting). */
    public List<Message> delivered() {
        deliverPending();
        return List.copyOf(delivered);
    }

    public List<Message> sentTo(String recipient) {
        return delivered().stream().filter(message -> message.to().equals(recipient)).toList();
    }

    /** The code in the latest SMS to {@code phone}. */
    public String latestCodeFor(String phone) {
        List<Message> messages = sentTo(phone).stream().filter(message -> message.channel().equals("SMS")).toList();
        if (messages.isEmpty()) {
            throw new AssertionError("No SMS was sent to " + phone);
        }
        Matcher matcher = SIX_DIGITS.matcher(messages.get(messages.size() - 1).body());
        if (!matcher.find()) {
            throw new AssertionError("The SMS to " + phone + " holds no 6-digit code: " + messages.get(messages.size() - 1).body());
        }
        return matcher.group(1);
    }

    /** The token of the reset link in the latest email to {@code email}. */
    public String latestResetTokenFor(String email) {
        List<Message> messages = sentTo(email).stream().filter(message -> message.channel().equals("EMAIL")).toList();
        if (messages.isEmpty()) {
            throw new AssertionError("No email was sent to " + email);
        }
        Matcher matcher = RESET_TOKEN.matcher(messages.get(messages.size() - 1).body());
        if (!matcher.find()) {
            throw new AssertionError("The email to " + email + " holds no reset link: " + messages.get(messages.size() - 1).body());
        }
        return matcher.group(1);
    }

    private Set<Path> files() {
        if (!Files.isDirectory(folder())) {
            return Set.of();
        }
        try (Stream<Path> listing = Files.list(folder())) {
            return listing.filter(file -> file.getFileName().toString().endsWith(".json")).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Message read(Path file) {
        try {
            JsonNode json = Json.MAPPER.readTree(file.toFile());
            return new Message(json.path("channel").asText(), json.path("to").asText(),
                    json.path("subject").isNull() ? null : json.path("subject").asText(), json.path("body").asText(),
                    Instant.parse(json.path("createdAt").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
