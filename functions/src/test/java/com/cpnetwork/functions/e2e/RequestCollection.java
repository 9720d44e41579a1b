package com.cpnetwork.functions.e2e;

import com.cpnetwork.platform.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code .http} request collection in VS Code REST Client's format, run one request after another the way that
 * client (or httpyac) runs it: file variables ({@code @name = value}), requests between {@code ###} lines named by
 * {@code # @name}, request variables ({@code {{name.response.body.$.a.b[0]}}}, {@code {{name.response.headers.X}}}),
 * {@code {{$datetime "YYYY-MM-DD"}}}, a body read from a file ({@code < ./file}), redirects followed. Only what the
 * collections in {@code docs/api/} use; anything else is refused rather than sent half-replaced.
 */
final class RequestCollection {

    /** One request's outcome. */
    record Exchange(String name, String method, URI uri, int status, Map<String, List<String>> headers, JsonNode json) {
    }

    private record Request(String name, String method, String url, List<String[]> headers, String body, Path bodyFile) {
    }

    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*(.+?)\\s*}}");
    private static final Pattern FILE_VARIABLE = Pattern.compile("^@([A-Za-z0-9_-]+)\\s*=\\s*(.*?)\\s*$");
    private static final Pattern REQUEST_VARIABLE = Pattern.compile("([A-Za-z0-9_-]+)\\.response\\.(body|headers)\\.(.+)");
    private static final Pattern DATETIME = Pattern.compile("\\$datetime\\s+(?:\"(.+)\"|'(.+)'|iso8601)");
    private static final Pattern JSON_PATH_STEP = Pattern.compile("\\.([^.\\[\\]]+)|\\[(\\d+)]");

    private final Path file;
    private final Map<String, String> variables = new LinkedHashMap<>();
    private final List<Request> requests = new ArrayList<>();
    private final Map<String, Exchange> responses = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    private RequestCollection(Path file) {
        this.file = file;
    }

    /** Reads the collection; {@code overrides} replace the file's own variables of those names (its host, say). */
    static RequestCollection read(Path file, Map<String, String> overrides) {
        RequestCollection collection = new RequestCollection(file);
        try {
            collection.parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        overrides.forEach((name, value) -> {
            if (!collection.variables.containsKey(name)) {
                throw new IllegalArgumentException(file + " has no variable @" + name);
            }
            collection.variables.put(name, value);
        });
        return collection;
    }

    int size() {
        return requests.size();
    }

    /** Sends the requests in order; stops at the first that cannot be sent or answers 400 or more. */
    List<Exchange> runAll() {
        List<Exchange> done = new ArrayList<>();
        for (Request request : requests) {
            Exchange exchange = send(request);
            done.add(exchange);
            if (exchange.status() >= 400) {
                throw new AssertionError(request.name() + ": " + exchange.method() + " " + exchange.uri() + " answered " + exchange.status()
                        + " " + exchange.json() + "; before it: " + done);
            }
        }
        return done;
    }

    private void parse(List<String> lines) {
        List<String> block = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("###")) {
                addRequest(block);
                block = new ArrayList<>();
            } else {
                block.add(line);
            }
        }
        addRequest(block);
    }

    private void addRequest(List<String> block) {
        String name = null;
        int at = 0;
        for (; at < block.size(); at++) {
            String line = block.get(at).strip();
            Matcher variable = FILE_VARIABLE.matcher(line);
            if (variable.matches()) {
                variables.put(variable.group(1), variable.group(2));
            } else if (line.startsWith("# @name ") || line.startsWith("// @name ")) {
                name = line.substring(line.indexOf("@name ") + 6).strip();
            } else if (!line.isEmpty() && !line.startsWith("#") && !line.startsWith("//")) {
                break;
            }
        }
        if (at == block.size()) {
            return;
        }
        // METHOD URL [HTTP/1.1]; the URL may hold spaces inside {{...}}.
        String line = block.get(at++).strip();
        String[] requestLine = {line.substring(0, line.indexOf(' ')),
                line.substring(line.indexOf(' ') + 1).strip().replaceFirst("\\s+HTTP/\\d(\\.\\d)?$", "")};
        List<String[]> headers = new ArrayList<>();
        for (; at < block.size() && !block.get(at).isBlank(); at++) {
            String header = block.get(at);
            headers.add(new String[] {header.substring(0, header.indexOf(':')).strip(), header.substring(header.indexOf(':') + 1).strip()});
        }
        List<String> bodyLines = new ArrayList<>(block.subList(Math.min(at + 1, block.size()), block.size()));
        while (!bodyLines.isEmpty() && bodyLines.get(bodyLines.size() - 1).isBlank()) {
            bodyLines.remove(bodyLines.size() - 1);
        }
        Path bodyFile = bodyLines.size() == 1 && bodyLines.get(0).startsWith("< ")
                ? file.resolveSibling(bodyLines.get(0).substring(2).strip()) : null;
        String body = bodyLines.isEmpty() || bodyFile != null ? null : String.join("\n", bodyLines);
        if (name == null) {
            throw new IllegalArgumentException(file + ": every request is named (# @name): " + String.join(" ", requestLine));
        }
        requests.add(new Request(name, requestLine[0], requestLine[1], headers, body, bodyFile));
    }

    private Exchange send(Request request) {
        URI uri = URI.create(replace(request.url()));
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
        request.headers().forEach(header -> builder.header(header[0], replace(header[1])));
        try {
            HttpRequest.BodyPublisher body = request.bodyFile() != null ? HttpRequest.BodyPublishers.ofFile(request.bodyFile())
                    : request.body() != null ? HttpRequest.BodyPublishers.ofString(replace(request.body())) : HttpRequest.BodyPublishers.noBody();
            HttpResponse<String> response = http.send(builder.method(request.method(), body).build(), HttpResponse.BodyHandlers.ofString());
            Exchange exchange = new Exchange(request.name(), request.method(), uri, response.statusCode(), response.headers().map(),
                    json(response.body()));
            responses.put(request.name(), exchange);
            return exchange;
        } catch (IOException e) {
            throw new UncheckedIOException(request.name() + ": " + request.method() + " " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every {@code {{...}}} replaced, file variables' own references included. */
    private String replace(String text) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder replaced = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(replaced, Matcher.quoteReplacement(value(matcher.group(1))));
        }
        return matcher.appendTail(replaced).toString();
    }

    private String value(String expression) {
        if (variables.containsKey(expression)) {
            return replace(variables.get(expression));
        }
        Matcher datetime = DATETIME.matcher(expression);
        if (datetime.matches()) {
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            String format = Optional.ofNullable(datetime.group(1)).orElse(datetime.group(2));
            return format == null ? DateTimeFormatter.ISO_INSTANT.format(now)
                    : DateTimeFormatter.ofPattern(format.replace("YYYY", "yyyy").replace("DD", "dd")).format(now);
        }
        Matcher reference = REQUEST_VARIABLE.matcher(expression);
        if (!reference.matches()) {
            throw new IllegalArgumentException("{{" + expression + "}} is neither a variable of " + file + " nor a request variable");
        }
        Exchange earlier = responses.get(reference.group(1));
        if (earlier == null) {
            throw new IllegalStateException("{{" + expression + "}}: request '" + reference.group(1) + "' has not been sent");
        }
        if (reference.group(2).equals("headers")) {
            return earlier.headers().entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase(reference.group(3)))
                    .map(header -> header.getValue().get(0)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("{{" + expression + "}}: no such header"));
        }
        JsonNode node = earlier.json();
        String path = reference.group(3);
        if (!path.startsWith("$")) {
            throw new IllegalArgumentException("{{" + expression + "}}: only JSONPath ($...) is supported");
        }
        Matcher step = JSON_PATH_STEP.matcher(path.substring(1));
        while (step.find()) {
            node = step.group(1) != null ? node.path(step.group(1)) : node.path(Integer.parseInt(step.group(2)));
        }
        if (node.isMissingNode() || node.isNull()) {
            throw new IllegalStateException("{{" + expression + "}}: the response of '" + reference.group(1) + "' has nothing there: "
                    + earlier.json());
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    private static JsonNode json(String body) {
        try {
            return body == null || body.isBlank() ? MissingNode.getInstance() : Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }
}
