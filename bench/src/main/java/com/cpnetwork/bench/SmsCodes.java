package com.cpnetwork.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sign-in codes as a person would read them: from the SMS files the app writes to the local outbox. One daemon thread
 * reads each new file once (every 50 ms) and keeps the newest code per phone, so thousands of virtual users waiting
 * for their code cost one directory scan, not one each.
 */
public final class SmsCodes {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    private record Received(String code, Instant at) {
    }

    private final Path outbox;
    private final Map<String, Received> newest = new ConcurrentHashMap<>();
    private final Set<String> seen = new HashSet<>();

    private SmsCodes(Path outbox) {
        this.outbox = outbox;
    }

    /** Starts watching {@code outbox}; the thread ends with the JVM. */
    public static SmsCodes watch(Path outbox) {
        SmsCodes codes = new SmsCodes(outbox);
        Thread thread = new Thread(codes::loop, "sms-codes");
        thread.setDaemon(true);
        thread.start();
        return codes;
    }

    /** The code sent to {@code phone} at or after {@code since}, once its file is there. */
    public Optional<String> codeFor(String phone, Instant since) {
        Received received = newest.get(phone);
        return received != null && !received.at().isBefore(since) ? Optional.of(received.code()) : Optional.empty();
    }

    /** Waits (up to {@code seconds}) for the code sent to {@code phone} at or after {@code since}; for the loader. */
    public String await(String phone, Instant since, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            Optional<String> code = codeFor(phone, since);
            if (code.isPresent()) {
                return code.get();
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("No sign-in code for " + phone + " in " + outbox + " within " + seconds + " s");
    }

    private void loop() {
        while (true) {
            scan();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void scan() {
        if (!Files.isDirectory(outbox)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(outbox, "*.json")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (seen.add(name)) {
                    read(file);
                }
            }
        } catch (IOException e) {
            // The folder is being written to; the next scan sees it again.
        }
    }

    private void read(Path file) {
        try {
            JsonNode message = BenchDir.JSON.readTree(file.toFile());
            Matcher code = CODE.matcher(message.path("body").asText());
            if ("SMS".equals(message.path("channel").asText()) && code.find()) {
                Instant at = Instant.parse(message.path("createdAt").asText());
                newest.merge(message.path("to").asText(), new Received(code.group(1), at),
                        (old, fresh) -> fresh.at().isBefore(old.at()) ? old : fresh);
            }
        } catch (IOException | RuntimeException e) {
            seen.remove(file.getFileName().toString());
        }
    }
}
