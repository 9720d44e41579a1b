package com.cpnetwork;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How long each part of the composition root took to build, for the one log line a cold start writes: the first
 * request of a new instance waits for all of it, so a part that grows shows up there first.
 */
final class StartupTimes {

    private final Map<String, Double> millis = new LinkedHashMap<>();
    private final long started = System.nanoTime();
    private long last = started;

    /** Closes the part that ran since the previous lap (or the start). */
    void lap(String part) {
        long now = System.nanoTime();
        millis.merge(part, (now - last) / 1e6, Double::sum);
        last = now;
    }

    double totalMillis() {
        return (last - started) / 1e6;
    }

    /** {@code settings 12.3 ms, database pool 40.1 ms, ...} */
    String describe() {
        return millis.entrySet().stream()
                .map(part -> String.format(Locale.ROOT, "%s %.1f ms", part.getKey(), part.getValue()))
                .collect(Collectors.joining(", "));
    }
}
