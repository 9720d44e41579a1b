package com.cpnetwork.functions.http;

import com.cpnetwork.platform.Patch;
import com.cpnetwork.platform.errors.Invalid;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.UUID;

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

    public static UUID uuid(String field, String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw Invalid.field(field, "must be an id (UUID)");
        }
    }
}
