package com.cpnetwork.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds what must never be logged: phone numbers (Indian mobiles, with or without +91), email addresses and Argon2
 * password hashes. Digits inside hexadecimal runs (UUIDs, trace ids) are not phones, nor is a UUID's all-digit group.
 */
public final class PersonalDataInLogs {

    private static final Pattern PERSONAL_DATA = Pattern.compile(
            "(?<![0-9A-Fa-f])(?:\\+?91)?[6-9][0-9]{9}(?![0-9A-Fa-f])"
                    + "|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}"
                    + "|\\$argon2");

    private PersonalDataInLogs() {
    }

    /** A UUID, whose last group is all digits now and then ("...-a17a-918735329945" is not a phone). */
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");

    /** Each match in {@code line}. */
    public static List<String> in(String line) {
        List<String> found = new ArrayList<>();
        Matcher matcher = PERSONAL_DATA.matcher(UUID_TEXT.matcher(line).replaceAll("<uuid>"));
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }

    /** Every offending line of the {@code *.log} files under {@code folder}, as {@code file:line: text}. */
    public static List<String> inLogsUnder(Path folder) {
        List<String> hits = new ArrayList<>();
        for (Path file : logFiles(folder)) {
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    if (!in(lines.get(i)).isEmpty()) {
                        hits.add(file + ":" + (i + 1) + ": " + lines.get(i));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return hits;
    }

    /** The {@code *.log} files under {@code folder}. */
    public static List<Path> logFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(file -> file.toString().endsWith(".log") && Files.isRegularFile(file)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
