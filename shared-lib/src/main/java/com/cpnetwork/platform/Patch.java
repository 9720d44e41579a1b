package com.cpnetwork.platform;

import java.util.function.Function;

/**
 * One field of a partial update: absent (leave as is) or present with a value, where a present {@code null}
 * clears the field.
 */
public record Patch<T>(boolean present, T value) {

    private static final Patch<?> ABSENT = new Patch<>(false, null);

    @SuppressWarnings("unchecked")
    public static <T> Patch<T> absent() {
        return (Patch<T>) ABSENT;
    }

    public static <T> Patch<T> of(T value) {
        return new Patch<>(true, value);
    }

    /** The new value when present, else {@code current}. */
    public T orElse(T current) {
        return present ? value : current;
    }

    public <R> Patch<R> map(Function<T, R> mapper) {
        return present ? Patch.of(value == null ? null : mapper.apply(value)) : absent();
    }
}
