package com.cpnetwork.functions.system;

import com.cpnetwork.platform.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The HTTP contract as an OpenAPI 3.1 document, kept as YAML in the jar and served as JSON. It also knows which
 * methods each path allows, so an unknown verb on a known path is a 405 rather than a 404.
 */
public final class OpenApiDocument {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final OpenApiDocument INSTANCE = load();

    private final String json;
    private final List<PathItem> paths;

    private OpenApiDocument(String json, List<PathItem> paths) {
        this.json = json;
        this.paths = paths;
    }

    public static OpenApiDocument get() {
        return INSTANCE;
    }

    public String json() {
        return json;
    }

    /** The methods allowed on the documented path matching {@code path}, or empty when no documented path matches. */
    public Optional<List<String>> allowedMethods(String path) {
        return paths.stream().filter(p -> p.pattern().matcher(path).matches()).findFirst().map(PathItem::methods);
    }

    private static OpenApiDocument load() {
        try (InputStream yaml = OpenApiDocument.class.getResourceAsStream("/openapi.yaml")) {
            JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(yaml);
            List<PathItem> paths = new ArrayList<>();
            Iterator<String> templates = document.path("paths").fieldNames();
            while (templates.hasNext()) {
                String template = templates.next();
                List<String> methods = new ArrayList<>();
                document.path("paths").path(template).fieldNames().forEachRemaining(name -> {
                    if (METHODS.contains(name)) {
                        methods.add(name.toUpperCase(Locale.ROOT));
                    }
                });
                paths.add(new PathItem(toPattern(template), List.copyOf(methods)));
            }
            return new OpenApiDocument(Json.MAPPER.writeValueAsString(document), List.copyOf(paths));
        } catch (IOException e) {
            throw new UncheckedIOException("openapi.yaml is missing or not valid YAML", e);
        }
    }

    /** {@code /v1/leads/{id}/history} matches one non-empty segment per parameter. */
    static Pattern toPattern(String template) {
        StringBuilder regex = new StringBuilder();
        for (String part : template.split("(?=\\{)|(?<=\\})")) {
            regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }

    private record PathItem(Pattern pattern, List<String> methods) {
    }
}
