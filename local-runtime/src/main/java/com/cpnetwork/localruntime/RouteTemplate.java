package com.cpnetwork.localruntime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ASP.NET-style route template such as {@code api/items/{id:int}} or {@code api/files/{*path}}: literal segments
 * (case-insensitive), {@code {name}}, constrained {@code {name:int|long|bool|guid|alpha}}, optional {@code {name?}} and
 * catch-all {@code {*name}}. Templates order by ASP.NET's precedence, segment by segment: literal, then constrained
 * parameter, parameter, optional parameter, catch-all.
 */
final class RouteTemplate implements Comparable<RouteTemplate> {
    private static final Pattern PARAMETER = Pattern.compile("\\{(\\*{1,2})?([A-Za-z_][A-Za-z0-9_]*)((?::[A-Za-z]+)*)(\\?)?}");

    private final String text;
    private final List<Segment> segments;
    private final int[] precedence;

    private RouteTemplate(String text, List<Segment> segments) {
        this.text = text;
        this.segments = segments;
        this.precedence = segments.stream().mapToInt(Segment::precedence).toArray();
    }

    /** Parses a template; throws {@link IllegalArgumentException} naming what it cannot serve. */
    static RouteTemplate parse(String template) {
        List<Segment> segments = new ArrayList<>();
        for (String part : split(template)) {
            segments.add(segment(template, part));
        }
        for (int i = 0; i < segments.size() - 1; i++) {
            Segment segment = segments.get(i);
            if (segment.catchAll) {
                throw new IllegalArgumentException("route '" + template + "': a catch-all parameter must be the last segment");
            }
            if (segment.optional && !segments.get(i + 1).optional && !segments.get(i + 1).catchAll) {
                throw new IllegalArgumentException("route '" + template + "': only the last segments can be optional");
            }
        }
        return new RouteTemplate(template, List.copyOf(segments));
    }

    /** Splits a path or template into its non-empty segments. */
    static List<String> split(String path) {
        return Arrays.stream(path.split("/")).filter(part -> !part.isEmpty()).toList();
    }

    /**
     * The route values when the decoded path segments match. Every parameter of the template is a key; an optional or
     * catch-all parameter that got nothing maps to null.
     */
    Optional<Map<String, String>> match(List<String> path) {
        Map<String, String> values = new HashMap<>();
        int next = 0;
        for (Segment segment : segments) {
            if (segment.catchAll) {
                String rest = next < path.size() ? String.join("/", path.subList(next, path.size())) : null;
                if (rest != null && !segment.accepts(rest)) {
                    return Optional.empty();
                }
                values.put(segment.name, rest);
                return Optional.of(values);
            }
            if (next == path.size()) {
                if (!segment.optional) {
                    return Optional.empty();
                }
                values.put(segment.name, null);
                continue;
            }
            String value = path.get(next++);
            if (segment.literal ? !segment.name.equalsIgnoreCase(value) : !segment.accepts(value)) {
                return Optional.empty();
            }
            if (!segment.literal) {
                values.put(segment.name, value);
            }
        }
        return next == path.size() ? Optional.of(values) : Optional.empty();
    }

    @Override
    public int compareTo(RouteTemplate other) {
        // A template that has run out of segments ranks as 0 there, so "items" beats "items/{id?}".
        for (int i = 0; i < Math.max(precedence.length, other.precedence.length); i++) {
            int mine = i < precedence.length ? precedence[i] : 0;
            int theirs = i < other.precedence.length ? other.precedence[i] : 0;
            if (mine != theirs) {
                return Integer.compare(mine, theirs);
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return text;
    }

    private static Segment segment(String template, String part) {
        if (part.indexOf('{') < 0 && part.indexOf('}') < 0) {
            return new Segment(part, true, false, false, List.of());
        }
        Matcher m = PARAMETER.matcher(part);
        if (!m.matches()) {
            throw new IllegalArgumentException("route '" + template + "': segment '" + part + "' is not supported "
                    + "(use literal, {name}, {name:constraint}, {name?} or {*name} as the whole segment)");
        }
        List<Constraint> constraints = Arrays.stream(m.group(3).split(":"))
                .filter(name -> !name.isEmpty())
                .map(name -> Constraint.named(template, name))
                .toList();
        return new Segment(m.group(2), false, m.group(4) != null, m.group(1) != null, constraints);
    }

    private record Segment(String name, boolean literal, boolean optional, boolean catchAll, List<Constraint> constraints) {

        boolean accepts(String value) {
            return constraints.stream().allMatch(constraint -> constraint.test.test(value));
        }

        int precedence() {
            if (literal) {
                return 1;
            }
            if (catchAll) {
                return 5;
            }
            if (optional) {
                return 4;
            }
            return constraints.isEmpty() ? 3 : 2;
        }
    }

    private enum Constraint {
        INT(value -> fits(value, Integer.MIN_VALUE, Integer.MAX_VALUE)),
        LONG(value -> fits(value, Long.MIN_VALUE, Long.MAX_VALUE)),
        BOOL(value -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")),
        GUID(Pattern.compile("(?i)[({]?[0-9a-f]{8}(-?)[0-9a-f]{4}\\1[0-9a-f]{4}\\1[0-9a-f]{4}\\1[0-9a-f]{12}[)}]?")
                .asMatchPredicate()),
        ALPHA(Pattern.compile("[A-Za-z]+").asMatchPredicate());

        private final Predicate<String> test;

        Constraint(Predicate<String> test) {
            this.test = test;
        }

        static Constraint named(String template, String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("route '" + template + "': constraint ':" + name
                        + "' is not supported (int, long, bool, guid, alpha)", e);
            }
        }

        private static boolean fits(String value, long min, long max) {
            try {
                long number = Long.parseLong(value);
                return number >= min && number <= max;
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }
}
