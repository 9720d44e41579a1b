package com.cpnetwork.functions.http;

import com.cpnetwork.platform.ControlCharacters;
import com.cpnetwork.platform.IsoDates;
import com.cpnetwork.platform.PageRequest;
import com.cpnetwork.platform.Patch;
import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.platform.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads the fields of one request (its JSON body and query parameters) and collects every problem, so one 400 names
 * all the invalid fields at once. Each reader returns nothing for a field it found wrong; {@link ApiRequest#read}
 * throws the collected problems once the command is built, before any service sees it.
 */
public final class RequestFields {

    /**
     * The longest text any field takes. Each field has its own, usually far smaller, limit; this one keeps an
     * unbounded value (a 10,000-character password or token) from reaching code that would work on it first.
     */
    static final int MAX_TEXT = 5_000;

    private final JsonNode body;
    private final Map<String, String> query;
    private final Map<String, String> problems = new LinkedHashMap<>();
    /** Top-level body fields already found wrong; readers skip them so each is reported once. */
    private final Set<String> refused = new HashSet<>();

    RequestFields(JsonNode body, Map<String, String> query) {
        this.body = body;
        this.query = query;
        refuseHostileText(body, "");
        if (body.has("offline") && !body.get("offline").isBoolean()) {
            problem("offline", "must be true or false");
        }
    }

    /** A text field; empty when absent or null. */
    public Optional<String> text(String field) {
        JsonNode value = value(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            return refuse(field, "must be a string");
        }
        return Optional.of(value.textValue());
    }

    /** A text field that must be present and not blank. */
    public String required(String field) {
        Optional<String> value = text(field);
        if (value.isEmpty() || value.get().isBlank()) {
            problem(field, "is required");
            return null;
        }
        return value.get();
    }

    public Patch<String> textPatch(String field) {
        return patch(field, () -> text(field).orElse(null));
    }

    public Patch<Boolean> booleanPatch(String field) {
        return patch(field, () -> {
            JsonNode value = value(field);
            if (value != null && !value.isBoolean()) {
                return this.<Boolean>refuse(field, "must be true or false").orElse(null);
            }
            return value == null ? null : value.booleanValue();
        });
    }

    /** A whole number; a fraction, text or a number beyond the int range is refused. */
    public Patch<Integer> integerPatch(String field) {
        return patch(field, () -> {
            JsonNode value = value(field);
            if (value != null && !(value.isIntegralNumber() && value.canConvertToInt())) {
                return this.<Integer>refuse(field, "must be a whole number").orElse(null);
            }
            return value == null ? null : value.intValue();
        });
    }

    /** A flag that is false unless sent as {@code true}. */
    public boolean flag(String field) {
        return Boolean.TRUE.equals(booleanPatch(field).orElse(false));
    }

    public Patch<UUID> uuidPatch(String field) {
        return textPatch(field).map(text -> parse(field, text, UUID::fromString, "must be an id (UUID)"));
    }

    public Optional<UUID> uuid(String field) {
        return text(field).map(text -> parse(field, text, UUID::fromString, "must be an id (UUID)"));
    }

    public Patch<LocalDate> datePatch(String field) {
        return textPatch(field).map(text -> parse(field, text, IsoDates::date, "must be a date YYYY-MM-DD"));
    }

    /** An enumeration value by its exact name. */
    public <E extends Enum<E>> Optional<E> enumValue(String field, Class<E> type) {
        return text(field).map(text -> parse(field, text, name -> enumConstant(type, name), oneOf(type)));
    }

    /** A query parameter; empty when absent or blank. */
    public Optional<String> query(String name) {
        // Checked before trimming, which would quietly drop a leading or trailing NUL.
        return Optional.ofNullable(query.get(name)).filter(value -> {
            if (ControlCharacters.foundIn(value) || value.length() > MAX_TEXT) {
                problem(name, value.length() > MAX_TEXT ? "must be at most " + MAX_TEXT + " characters" : ControlCharacters.PROBLEM);
                return false;
            }
            return true;
        }).map(String::trim).filter(value -> !value.isEmpty());
    }

    public Optional<UUID> queryUuid(String name) {
        return query(name).map(text -> parse(name, text, UUID::fromString, "must be an id (UUID)"));
    }

    public Optional<Instant> queryInstant(String name) {
        return query(name).map(text -> parse(name, text, IsoDates::instant, "must be a UTC timestamp like 2026-11-21T10:00:00Z"));
    }

    /**
     * The start of a period: a UTC timestamp, or a date meaning the start of that day (UTC). With {@code end}, a date
     * means the end of that day instead, so {@code from=2026-11-01&to=2026-11-30} covers the whole of November.
     */
    public Optional<Instant> queryPeriodBound(String name, boolean end) {
        return query(name).map(text -> parse(name, text, value -> value.length() == 10
                ? IsoDates.date(value).plusDays(end ? 1 : 0).atStartOfDay(ZoneOffset.UTC).toInstant()
                : IsoDates.instant(value), "must be a date YYYY-MM-DD or a UTC timestamp like 2026-11-21T10:00:00Z"));
    }

    public <E extends Enum<E>> Optional<E> queryEnum(String name, Class<E> type) {
        return query(name).map(text -> parse(name, text, value -> enumConstant(type, value), oneOf(type)));
    }

    /** {@code limit} and {@code cursor} of a list request. */
    public PageRequest page() {
        try {
            return PageRequest.of(query("limit"), query("cursor"));
        } catch (Invalid invalid) {
            invalid.details().forEach((field, problem) -> problem(field, String.valueOf(problem)));
            return PageRequest.of(Optional.empty(), Optional.empty());
        }
    }

    /**
     * The whole body bound to a record {@code type}: every field of the wrong JSON type is named, and so is every
     * problem the record's own checks find in the rest. Returns {@code null} when anything was wrong.
     */
    public <T extends Record> T bind(Class<T> type) {
        ObjectNode accepted = body.deepCopy();
        refused.forEach(accepted::remove);
        for (RecordComponent component : type.getRecordComponents()) {
            String field = component.getName();
            JsonNode value = accepted.get(field);
            if (value == null && component.getType().isPrimitive()) {
                // An absent flag or count takes its default, as it would outside a record; an explicit null stays an error.
                accepted.set(field, Json.MAPPER.valueToTree(Array.get(Array.newInstance(component.getType(), 1), 0)));
                continue;
            }
            if (value == null || value.isNull()) {
                continue;
            }
            try {
                Json.MAPPER.treeToValue(value, Json.MAPPER.constructType(component.getGenericType()));
            } catch (ValueInstantiationException e) {
                // A nested record refused its own values; the whole record below reports them with their path.
            } catch (MismatchedInputException e) {
                problem(field + pathOf(e), expectation(e));
                accepted.remove(field);
            } catch (JsonProcessingException e) {
                problem(field, "has the wrong type or is out of range");
                accepted.remove(field);
            }
        }
        // A nested record that refuses its values stops the outer one from being built; its field is set aside and
        // the outer record built again, so the outer record's own problems are named too.
        for (int attempt = 0; attempt <= type.getRecordComponents().length; attempt++) {
            try {
                T value = Json.MAPPER.treeToValue(accepted, type);
                return problems.isEmpty() ? value : null;
            } catch (ValueInstantiationException e) {
                if (!(e.getCause() instanceof Invalid invalid)) {
                    throw new Invalid("MALFORMED_JSON", "The request body could not be read");
                }
                String at = pathOf(e).isEmpty() ? "" : pathOf(e).substring(1);
                invalid.details().forEach((field, problem) -> problem(at.isEmpty() ? field : at + "." + field, String.valueOf(problem)));
                if (invalid.details().isEmpty()) {
                    problem(at.isEmpty() ? "body" : at, invalid.getMessage());
                }
                String topLevel = at.split("[.\\[]", 2)[0];
                if (topLevel.isEmpty() || accepted.remove(topLevel) == null) {
                    return null;
                }
            } catch (MismatchedInputException e) {
                problem(pathOf(e).isEmpty() ? "body" : pathOf(e).substring(1), expectation(e));
                return null;
            } catch (JsonProcessingException e) {
                throw new Invalid("MALFORMED_JSON", "The request body could not be read");
            }
        }
        return null;
    }

    /** Records a problem a caller found with a field. */
    public void problem(String field, String problem) {
        problems.putIfAbsent(field, problem);
    }

    /** Throws one {@link Invalid} naming every field with a problem. */
    void verify() {
        if (!problems.isEmpty()) {
            throw new Invalid(problems);
        }
    }

    private JsonNode value(String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() || refused.contains(field) ? null : value;
    }

    private <T> Patch<T> patch(String field, java.util.function.Supplier<T> read) {
        return body.has(field) ? Patch.of(read.get()) : Patch.absent();
    }

    private <T> Optional<T> refuse(String field, String problem) {
        problem(field, problem);
        refused.add(field);
        return Optional.empty();
    }

    private <T> T parse(String field, String text, Function<String, T> parser, String problem) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            problem(field, problem);
            return null;
        }
    }

    /** Refuses control characters and oversized text anywhere in the body, naming the field. */
    private void refuseHostileText(JsonNode node, String path) {
        if (node.isTextual() && (ControlCharacters.foundIn(node.textValue()) || node.textValue().length() > MAX_TEXT)) {
            problem(path, node.textValue().length() > MAX_TEXT ? "must be at most " + MAX_TEXT + " characters" : ControlCharacters.PROBLEM);
            refused.add(path.split("[.\\[]", 2)[0]);
        } else if (node.isObject()) {
            node.fields().forEachRemaining(entry -> {
                String name = entry.getKey();
                if (ControlCharacters.foundIn(name)) {
                    problem("body", "field names " + ControlCharacters.PROBLEM);
                    return;
                }
                refuseHostileText(entry.getValue(), path.isEmpty() ? name : path + "." + name);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                refuseHostileText(node.get(i), path + "[" + i + "]");
            }
        }
    }

    private static <E extends Enum<E>> E enumConstant(Class<E> type, String name) {
        return Arrays.stream(type.getEnumConstants()).filter(constant -> constant.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name));
    }

    private static String oneOf(Class<? extends Enum<?>> type) {
        return "must be one of " + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
    }

    private static String expectation(MismatchedInputException e) {
        Class<?> target = e.getTargetType();
        if (target == null) {
            return "has the wrong type";
        }
        if (target.isEnum()) {
            return "must be one of " + Arrays.stream(target.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
        }
        if (target == UUID.class) {
            return "must be an id (UUID)";
        }
        if (target == LocalDate.class) {
            return "must be a date YYYY-MM-DD";
        }
        if (target == Instant.class) {
            return "must be a UTC timestamp like 2026-11-21T10:00:00Z";
        }
        if (target == BigDecimal.class || Number.class.isAssignableFrom(target) || target.isPrimitive() && target != boolean.class) {
            return "must be a number";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "must be true or false";
        }
        if (target == String.class) {
            return "must be a string";
        }
        if (java.util.Collection.class.isAssignableFrom(target)) {
            return "must be a list";
        }
        if (e instanceof InvalidFormatException) {
            return "has the wrong format";
        }
        return "has the wrong type";
    }

    /** The JSON path of a binding error below the value being read: {@code [0].type}, {@code .address}, or empty. */
    private static String pathOf(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining());
    }
}
