package com.cpnetwork.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** What a hand-run benchmark prints, kept to be written to a file at the end ({@code -Dout=...} or its default). */
final class BenchReport {

    private final StringBuilder lines = new StringBuilder();
    private final String defaultFile;

    BenchReport(String defaultFile) {
        this.defaultFile = defaultFile;
    }

    void say(String line) {
        System.out.println(line);
        lines.append(line).append('\n');
    }

    void writeOut() {
        Path file = Path.of(System.getProperty("out", defaultFile));
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, "Run at " + Instant.now() + "\n\n" + lines);
            System.out.println("\nReport written to " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String seconds(long nanos) {
        return String.format("%.1f", Duration.ofNanos(nanos).toMillis() / 1000.0);
    }
}
