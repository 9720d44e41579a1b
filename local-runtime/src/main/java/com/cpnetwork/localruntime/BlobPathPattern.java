package com.cpnetwork.localruntime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A blob trigger path such as {@code uploads/{name}} or {@code uploads/{org}/{doc}.{ext}}: a container, then a blob
 * name pattern whose {@code {parts}} may span slashes and bind through {@code @BindingName}.
 */
final class BlobPathPattern {
    private static final Pattern PART = Pattern.compile("\\{([^{}]+)}");

    private final String container;
    private final String prefix;
    private final Pattern blobName;
    private final List<String> parts;

    private BlobPathPattern(String container, String prefix, Pattern blobName, List<String> parts) {
        this.container = container;
        this.prefix = prefix;
        this.blobName = blobName;
        this.parts = parts;
    }

    static BlobPathPattern parse(String path) {
        int slash = path.indexOf('/');
        String container = slash < 0 ? path : path.substring(0, slash);
        String pattern = slash < 0 ? "" : path.substring(slash + 1);
        if (container.isEmpty() || container.contains("{")) {
            throw new IllegalArgumentException("blob path '" + path + "' must start with a container name");
        }
        if (pattern.isEmpty()) {
            return new BlobPathPattern(container, "", Pattern.compile(".+", Pattern.DOTALL), List.of());
        }
        StringBuilder regex = new StringBuilder();
        List<String> parts = new ArrayList<>();
        Matcher m = PART.matcher(pattern);
        int literalStart = 0;
        while (m.find()) {
            regex.append(Pattern.quote(pattern.substring(literalStart, m.start()))).append("(.+)");
            parts.add(m.group(1));
            literalStart = m.end();
        }
        regex.append(Pattern.quote(pattern.substring(literalStart)));
        int firstPart = pattern.indexOf('{');
        return new BlobPathPattern(container, firstPart < 0 ? pattern : pattern.substring(0, firstPart),
                Pattern.compile(regex.toString(), Pattern.DOTALL), List.copyOf(parts));
    }

    String container() {
        return container;
    }

    /** The literal start of the blob name, to list only candidates. */
    String prefix() {
        return prefix;
    }

    /** The parts of a matching blob name by their names, or empty when the blob does not match. */
    Optional<Map<String, String>> match(String name) {
        Matcher m = blobName.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            values.put(parts.get(i), m.group(i + 1));
        }
        return Optional.of(values);
    }
}
