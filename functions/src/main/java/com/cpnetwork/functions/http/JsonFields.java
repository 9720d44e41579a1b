package com.cpnetwork.functions.http;

import com.cpnetwork.platform.Patch;
import com.cpnetwork.platform.errors.Invalid;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/** Reads single fields of a JSON body, for partial updates and bodies with several shapes. Type errors are 400s. */
public final class JsonFields {

    private JsonFields() {
    }

    public static Optional<String> text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw Invalid.field(field, "must be a string");
        }
        return Optional.of(value.asText());
    }

    public static Patch<String> textPatch(JsonNode body, String field) {
        return body.has(field) ? Patch.of(text(body, field).orElse(null)) : Patch.absent();
    }

    public static Patch<Boolean> booleanPatch(JsonNode body, String field) {
        if (!body.has(field)) {
            return Patch.absent();
        }
        JsonNode value = body.get(field);
        if (!value.isNull() && !value.isBoolean()) {
            throw Invalid.field(field, "must be true or false");
        }
        return Patch.of(value.isNull() ? null : value.asBoolean());
    }

    public static Patch<UUID> uuidPatch(JsonNode body, String field) {
        return textPatch(body, field).map(text -> uuid(field, text));
    }

    public static Patch<LocalDate> datePatch(JsonNode body, String field) {
        return textPatch(body, field).map(text -> date(field, text));
    }

    public static boolean flag(JsonNode body, String field) {
        return Boolean.TRUE.equals(booleanPatch(body, field).orElse(false));
    }

    /** An enumeration value by its exact name; anything else is a 400 listing the allowed values. */
    public static <E extends Enum<E>> Optional<E> enumValue(String field, Optional<String> text, Class<E> type) {
        return text.map(value -> Arrays.stream(type.getEnumConstants()).filter(constant -> constant.name().equals(value)).findFirst()
                .orElseThrow(() -> Invalid.field(field, "must be one of " + Arrays.stream(type.getEnumConstants())
                        .map(Enum::name).collect(Collectors.joining(", ")))));
    }

    public static LocalDate date(String field, String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw Invalid.field(field, "must be a date YYYY-MM-DD");
        }
    }

    public static Instant instant(String field, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw Invalid.field(field, "must be a UTC timestamp like 2026-11-21T10:00:00Z");
        }
    }

    public static UUID uuid(String field, String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw Invalid.field(field, "must be an id (UUID)");
        }
    }
}
