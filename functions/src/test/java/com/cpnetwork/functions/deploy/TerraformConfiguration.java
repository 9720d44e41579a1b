package com.cpnetwork.functions.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what the tests need from {@code infra/terraform}: blocks, attributes and the keys of object expressions. It
 * understands the few HCL forms the configuration uses there (object literals, {@code merge(...)}, conditionals,
 * {@code local.} references, a {@code for} expression over a variable's object type) and refuses anything else with
 * an exception, so that a construct it cannot read makes a test fail instead of hiding keys from it.
 */
final class TerraformConfiguration {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Pattern LOCAL = Pattern.compile("local\\.([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern FOR_OVER_VARIABLE = Pattern.compile(
            "\\{\\s*for\\s+(\\w+)\\s*,\\s*(\\w+)\\s+in\\s+var\\.(\\w+)\\s*:\\s*\"([^\"$]*)\\$\\{\\1}\"\\s*=>\\s*\\2\\s*}");

    private final Path directory;

    private TerraformConfiguration(Path directory) {
        this.directory = directory;
    }

    /** {@code infra/terraform} of this checkout, found from the module's working directory upwards. */
    static TerraformConfiguration ofThisRepository() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("infra").resolve("terraform");
            if (Files.isRegularFile(candidate.resolve("functions.tf"))) {
                return new TerraformConfiguration(candidate);
            }
        }
        throw new IllegalStateException("infra/terraform/functions.tf not found above " + Path.of("").toAbsolutePath());
    }

    /** The attributes of every {@code locals} block in {@code file}, by name, as expression text. */
    Map<String, String> locals(String file) {
        Map<String, String> locals = new LinkedHashMap<>();
        for (Body block : topLevel(file).blocks("locals")) {
            locals.putAll(block.attributes());
        }
        return locals;
    }

    /** The body of {@code type "label1" "label2" { ... }} in {@code file} (a resource, data source or variable). */
    Body block(String file, String type, String... labels) {
        StringBuilder header = new StringBuilder(Pattern.quote(type));
        for (String label : labels) {
            header.append("\\s+\"").append(Pattern.quote(label)).append('"');
        }
        Matcher matcher = Pattern.compile("(?m)^" + header + "\\s*\\{").matcher(text(file));
        if (!matcher.find()) {
            throw new IllegalStateException("No " + type + " " + String.join(" ", labels) + " in " + file);
        }
        String text = text(file);
        int end = skipBalanced(text, matcher.end(), '}');
        return Body.parse(text.substring(matcher.end(), end - 1));
    }

    /** The attribute names of {@code variable "name"}'s {@code object({...})} type. */
    Set<String> objectTypeAttributes(String variable) {
        String type = block("variables.tf", "variable", variable).attribute("type");
        Matcher object = Pattern.compile("(?s)object\\((\\{.*})\\)").matcher(type);
        if (!object.matches()) {
            throw new IllegalStateException("variable " + variable + " is not of an object type: " + type);
        }
        return keysOfObjectLiteral(object.group(1));
    }

    /** The string default of {@code variable "name"}. */
    String stringDefault(String variable) {
        return unquote(block("variables.tf", "variable", variable).attribute("default"));
    }

    /**
     * The keys of the object {@code expression} evaluates to, taking both sides of every conditional: all the keys it
     * can ever have. {@code locals} resolves {@code local.} references.
     */
    Set<String> keysOf(String expression, Map<String, String> locals) {
        String expr = expression.strip();
        Matcher local = LOCAL.matcher(expr);
        if (local.matches()) {
            String definition = locals.get(local.group(1));
            if (definition == null) {
                throw new IllegalStateException("local." + local.group(1) + " is not defined");
            }
            return keysOf(definition, locals);
        }
        if (expr.startsWith("merge(") && skipBalanced(expr, "merge(".length(), ')') == expr.length()) {
            Set<String> keys = new TreeSet<>();
            for (String argument : splitTopLevel(expr.substring("merge(".length(), expr.length() - 1), ',')) {
                keys.addAll(keysOf(argument, locals));
            }
            return keys;
        }
        List<String> condition = splitTopLevel(expr, '?');
        if (condition.size() == 2) {
            List<String> branches = splitTopLevel(condition.get(1), ':');
            if (branches.size() != 2) {
                throw new IllegalStateException("Cannot read the conditional " + expr);
            }
            Set<String> keys = new TreeSet<>(keysOf(branches.get(0), locals));
            keys.addAll(keysOf(branches.get(1), locals));
            return keys;
        }
        Matcher forExpression = FOR_OVER_VARIABLE.matcher(expr);
        if (forExpression.matches()) {
            Set<String> keys = new TreeSet<>();
            objectTypeAttributes(forExpression.group(3)).forEach(attribute -> keys.add(forExpression.group(4) + attribute));
            return keys;
        }
        if (expr.startsWith("{") && skipBalanced(expr, 1, '}') == expr.length()) {
            return keysOfObjectLiteral(expr);
        }
        throw new IllegalStateException("Cannot tell which keys this expression has: " + expr);
    }

    private static Set<String> keysOfObjectLiteral(String literal) {
        Body body = Body.parse(literal.substring(1, literal.length() - 1));
        if (!body.blockNames().isEmpty()) {
            throw new IllegalStateException("Not an object literal: " + literal);
        }
        return new TreeSet<>(body.attributes().keySet());
    }

    private Body topLevel(String file) {
        return Body.parse(text(file));
    }

    private String text(String file) {
        try {
            return withoutComments(Files.readString(directory.resolve(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Attributes ({@code name = expression}) and nested blocks ({@code name "label" { ... }}) of a block body. */
    record Body(Map<String, String> attributes, Map<String, List<Body>> blockBodies) {

        static Body parse(String text) {
            Map<String, String> attributes = new LinkedHashMap<>();
            Map<String, List<Body>> blocks = new LinkedHashMap<>();
            int i = 0;
            while (true) {
                while (i < text.length() && (Character.isWhitespace(text.charAt(i)) || text.charAt(i) == ',')) {
                    i++;
                }
                if (i >= text.length()) {
                    return new Body(attributes, blocks);
                }
                String name;
                if (text.charAt(i) == '"') {
                    int end = skipString(text, i);
                    name = text.substring(i + 1, end - 1);
                    i = end;
                } else {
                    Matcher identifier = IDENTIFIER.matcher(text).region(i, text.length());
                    if (!identifier.lookingAt()) {
                        throw new IllegalStateException("Expected a name at: " + excerpt(text, i));
                    }
                    name = identifier.group();
                    i = identifier.end();
                }
                while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                    i++;
                }
                if (i < text.length() && text.charAt(i) == '=' && (i + 1 >= text.length() || text.charAt(i + 1) != '=')) {
                    int start = i + 1;
                    int end = endOfExpression(text, start);
                    attributes.put(name, text.substring(start, end).strip());
                    i = end;
                } else {
                    // A block: labels, then { body }.
                    while (i < text.length() && text.charAt(i) != '{') {
                        if (text.charAt(i) == '"') {
                            i = skipString(text, i);
                        } else if (Character.isWhitespace(text.charAt(i)) || IDENTIFIER.matcher(String.valueOf(text.charAt(i))).matches()) {
                            i++;
                        } else {
                            throw new IllegalStateException("Expected = or a block at: " + excerpt(text, i));
                        }
                    }
                    int end = skipBalanced(text, i + 1, '}');
                    blocks.computeIfAbsent(name, key -> new ArrayList<>()).add(parse(text.substring(i + 1, end - 1)));
                    i = end;
                }
            }
        }

        String attribute(String name) {
            return Optional.ofNullable(attributes.get(name)).orElseThrow(() -> new IllegalStateException("No attribute " + name));
        }

        List<Body> blocks(String name) {
            return blockBodies.getOrDefault(name, List.of());
        }

        Body block(String name) {
            List<Body> found = blocks(name);
            if (found.size() != 1) {
                throw new IllegalStateException("Expected one " + name + " block, found " + found.size());
            }
            return found.get(0);
        }

        Set<String> blockNames() {
            return blockBodies.keySet();
        }
    }

    static String unquote(String literal) {
        String value = literal.strip();
        if (value.length() < 2 || value.charAt(0) != '"' || skipString(value, 0) != value.length()) {
            throw new IllegalStateException("Not a string literal: " + literal);
        }
        return value.substring(1, value.length() - 1);
    }

    /** End of the expression starting at {@code start}: the first newline or comma outside strings and brackets. */
    private static int endOfExpression(String text, int start) {
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n' || c == ',') {
                return i;
            }
            i = next(text, i);
        }
        return i;
    }

    private static List<String> splitTopLevel(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) == separator) {
                parts.add(text.substring(start, i));
                start = i + 1;
                i++;
            } else {
                i = next(text, i);
            }
        }
        String last = text.substring(start);
        if (!last.isBlank() || parts.isEmpty()) {
            parts.add(last);
        }
        return parts;
    }

    /** The index after the character, string or bracketed group starting at {@code i}. */
    private static int next(String text, int i) {
        return switch (text.charAt(i)) {
            case '"' -> skipString(text, i);
            case '{' -> skipBalanced(text, i + 1, '}');
            case '(' -> skipBalanced(text, i + 1, ')');
            case '[' -> skipBalanced(text, i + 1, ']');
            default -> i + 1;
        };
    }

    /** The index after the {@code close} that ends the group whose content starts at {@code i}. */
    private static int skipBalanced(String text, int i, char close) {
        while (i < text.length()) {
            if (text.charAt(i) == close) {
                return i + 1;
            }
            i = next(text, i);
        }
        throw new IllegalStateException("Unbalanced, expected " + close);
    }

    /** The index after the string starting at {@code i}, template interpolations ({@code ${...}}) included. */
    private static int skipString(String text, int i) {
        int j = i + 1;
        while (j < text.length()) {
            char c = text.charAt(j);
            if (c == '\\') {
                j += 2;
            } else if (c == '"') {
                return j + 1;
            } else if ((c == '$' || c == '%') && j + 1 < text.length() && text.charAt(j + 1) == '{') {
                j = skipBalanced(text, j + 2, '}');
            } else {
                j++;
            }
        }
        throw new IllegalStateException("Unterminated string at: " + excerpt(text, i));
    }

    /** The text with comments ({@code #}, {@code //}, {@code /* *}{@code /}) blanked out and heredocs kept whole. */
    static String withoutComments(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                int end = skipString(text, i);
                out.append(text, i, end);
                i = end;
            } else if (c == '#' || c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? text.length() : end + 2;
            } else if (c == '<' && text.startsWith("<<", i)) {
                Matcher heredoc = Pattern.compile("<<-?([A-Za-z_]+)\\n").matcher(text).region(i, text.length());
                if (!heredoc.lookingAt()) {
                    out.append(c);
                    i++;
                    continue;
                }
                Matcher terminator = Pattern.compile("(?m)^\\s*" + heredoc.group(1) + "$").matcher(text);
                if (!terminator.find(heredoc.end())) {
                    throw new IllegalStateException("Unterminated heredoc " + heredoc.group(1));
                }
                // Kept as one string literal so that expression scanning does not look inside it.
                out.append('"').append(" ".repeat(Math.max(0, terminator.end() - i - 2))).append('"');
                i = terminator.end();
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static String excerpt(String text, int i) {
        return text.substring(i, Math.min(text.length(), i + 60)).replace('\n', ' ');
    }
}
