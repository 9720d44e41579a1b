package com.cpnetwork.platform;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Dates and times as the API takes them: ISO-8601 with a four-digit year ({@code 2026-11-21},
 * {@code 2026-11-21T10:00:00Z}). Java would accept {@code +999999999-01-01}, which PostgreSQL cannot store; four digits
 * keep every accepted value storable and every other one a 400.
 */
public final class IsoDates {

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");

    private IsoDates() {
    }

    /** A calendar date {@code YYYY-MM-DD}; throws {@link IllegalArgumentException} for anything else. */
    public static LocalDate date(String text) {
        if (!DATE.matcher(text).matches()) {
            throw new IllegalArgumentException("not a date YYYY-MM-DD");
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a date YYYY-MM-DD", e);
        }
    }

    /** A UTC timestamp {@code YYYY-MM-DDThh:mm:ss[.fff]Z}; throws {@link IllegalArgumentException} for anything else. */
    public static Instant instant(String text) {
        if (!INSTANT.matcher(text).matches()) {
            throw new IllegalArgumentException("not a UTC timestamp");
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a UTC timestamp", e);
        }
    }
}
