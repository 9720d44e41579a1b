package com.cpnetwork.localruntime;

import com.google.gson.Gson;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Turns trigger data (text, bytes, numbers) into a parameter's declared type as the Java worker does: text and bytes
 * pass through, {@code Optional<T>} wraps, and anything else is parsed from the text with Gson, the worker's library.
 */
final class DataConversion {
    private static final Gson GSON = new Gson();

    private DataConversion() {
    }

    static Object convert(Object value, Type target) {
        Class<?> raw = rawType(target);
        if (raw == Optional.class) {
            return Optional.ofNullable(convert(value, typeArgument(target)));
        }
        if (value == null) {
            if (raw.isPrimitive()) {
                throw new IllegalArgumentException("no value for a parameter of primitive type " + raw.getName());
            }
            return null;
        }
        if (raw == byte[].class) {
            return value instanceof byte[] ? value : text(value).getBytes(StandardCharsets.UTF_8);
        }
        if (raw == String.class || raw == Object.class) {
            return text(value);
        }
        if (!raw.isPrimitive() && raw.isInstance(value)) {
            return value;
        }
        return GSON.fromJson(text(value), target);
    }

    /** The body of an HTTP response the way the worker serialises it: text and bytes as they are, objects as JSON. */
    static String toJson(Object value) {
        return GSON.toJson(value);
    }

    static Class<?> rawType(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    /** The first type argument ({@code T} of {@code Optional<T>} or {@code HttpRequestMessage<T>}), Object when raw. */
    static Type typeArgument(Type type) {
        if (type instanceof ParameterizedType p) {
            Type argument = p.getActualTypeArguments()[0];
            return argument instanceof WildcardType wildcard ? wildcard.getUpperBounds()[0] : argument;
        }
        return Object.class;
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString();
    }
}
