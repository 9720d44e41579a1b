package com.cpnetwork.localruntime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Reads back the JSON files the test app writes, one per invocation, into a directory. */
record Reports(Path dir) {

    /** What {@code function} reported so far that {@code filter} accepts, oldest first. */
    List<JsonNode> of(String function, Predicate<JsonNode> filter) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().startsWith(function + "-"))
                    .sorted(Comparator.comparingLong(Reports::writtenAt))
                    .map(Reports::read)
                    .filter(filter)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until at least {@code count} reports match, then returns them all. */
    List<JsonNode> await(String function, Predicate<JsonNode> filter, int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        List<JsonNode> reports = of(function, filter);
        while (reports.size() < count && Instant.now().isBefore(deadline)) {
            pause(Duration.ofMillis(50));
            reports = of(function, filter);
        }
        assertThat(reports).as("reports of %s after %s", function, timeout).hasSizeGreaterThanOrEqualTo(count);
        return reports;
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The test app names its files {@code <function>-<nanoTime>-<uuid>.json}. */
    private static long writtenAt(Path file) {
        return Long.parseLong(file.getFileName().toString().split("-")[1]);
    }

    private static JsonNode read(Path file) {
        try {
            return TestApp.JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
