package com.cpnetwork.platform;

import com.cpnetwork.platform.errors.Invalid;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code limit} and {@code cursor} of a list request. Lists are ordered newest first by (created at, id), and the
 * cursor is the position of the last item returned, so each page is an index range scan, never an OFFSET.
 */
public record PageRequest(int limit, Optional<Position> after) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /** Where the previous page ended. */
    public record Position(Instant at, String id) {
    }

    /** Parses the query values; a bad limit or a cursor we did not issue is a 400. */
    public static PageRequest of(Optional<String> limit, Optional<String> cursor) {
        int size = DEFAULT_LIMIT;
        if (limit.isPresent()) {
            try {
                size = Integer.parseInt(limit.get());
            } catch (NumberFormatException e) {
                throw Invalid.field("limit", "must be a whole number from 1 to " + MAX_LIMIT);
            }
            if (size < 1 || size > MAX_LIMIT) {
                throw Invalid.field("limit", "must be a whole number from 1 to " + MAX_LIMIT);
            }
        }
        return new PageRequest(size, cursor.map(PageRequest::decode));
    }

    /** Fetch one more than the limit to learn whether there is a next page. */
    public int fetchSize() {
        return limit + 1;
    }

    /** Cuts a fetched list ({@link #fetchSize()} rows at most) into a page with the next cursor. */
    public <T> Page<T> page(List<T> fetched, Function<T, Position> positionOf) {
        if (fetched.size() <= limit) {
            return new Page<>(fetched, null);
        }
        List<T> items = fetched.subList(0, limit);
        return new Page<>(items, encode(positionOf.apply(items.get(items.size() - 1))));
    }

    static String encode(Position position) {
        String raw = position.at() + "|" + position.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Position decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            if (bar < 0) {
                throw new IllegalArgumentException("no separator");
            }
            return new Position(Instant.parse(raw.substring(0, bar)), raw.substring(bar + 1));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw Invalid.field("cursor", "is not a cursor this API issued");
        }
    }
}
