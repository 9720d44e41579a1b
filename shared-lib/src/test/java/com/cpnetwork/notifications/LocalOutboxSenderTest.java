package com.cpnetwork.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.cpnetwork.platform.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalOutboxSenderTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    @TempDir
    Path outbox;

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void anSmsIsWrittenWithItsTemplateAndVariablesBesideTheRenderedText() throws IOException {
        new LocalOutboxSender(outbox, clock).send(Notification.sms("+919812345678", SmsTemplate.SIGN_IN_CODE, Map.of("code", "123456")));

        JsonNode file = onlyFile();
        assertThat(file.path("channel").asText()).isEqualTo("SMS");
        assertThat(file.path("to").asText()).isEqualTo("+919812345678");
        assertThat(file.path("body").asText()).isEqualTo("Your cpnetwork sign-in code is 123456. It expires in 5 minutes. Do not share it.");
        assertThat(file.path("template").asText()).isEqualTo("SIGN_IN_CODE");
        assertThat(file.path("variables").path("code").asText()).isEqualTo("123456");
        assertThat(file.path("createdAt").asText()).isEqualTo("2026-11-21T10:00:00Z");
    }

    @Test
    void anEmailKeepsTheFiveFieldsItAlwaysHad() throws IOException {
        new LocalOutboxSender(outbox, clock).send(Notification.email("asha@example.com", "Reset your password", "Open the link"));

        JsonNode file = onlyFile();
        assertThat(iterable(file.fieldNames())).containsExactly("channel", "to", "subject", "body", "createdAt");
        assertThat(file.path("subject").asText()).isEqualTo("Reset your password");
    }

    /** The local runtime's outbox reader takes the last name as the newest message. */
    @Test
    void fileNamesSortOldestFirst() throws IOException {
        LocalOutboxSender earlier = new LocalOutboxSender(outbox, clock);
        LocalOutboxSender later = new LocalOutboxSender(outbox, Clock.fixed(NOW.plusMillis(1), ZoneOffset.UTC));
        later.send(Notification.email("b@example.com", "second", "second"));
        earlier.send(Notification.email("a@example.com", "first", "first"));

        try (Stream<Path> files = Files.list(outbox)) {
            assertThat(files.map(file -> file.getFileName().toString()).sorted().toList())
                    .satisfiesExactly(first -> assertThat(first).startsWith(NOW.toEpochMilli() + "-").endsWith(".json"),
                            second -> assertThat(second).startsWith(NOW.plusMillis(1).toEpochMilli() + "-"));
        }
    }

    private JsonNode onlyFile() throws IOException {
        try (Stream<Path> files = Files.list(outbox)) {
            List<Path> all = files.toList();
            assertThat(all).hasSize(1);
            return Json.MAPPER.readTree(all.get(0).toFile());
        }
    }

    private static <T> List<T> iterable(Iterator<T> iterator) {
        List<T> items = new ArrayList<>();
        iterator.forEachRemaining(items::add);
        return items;
    }
}
