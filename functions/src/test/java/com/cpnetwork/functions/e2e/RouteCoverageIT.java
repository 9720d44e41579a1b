package com.cpnetwork.functions.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.cpnetwork.functions.e2e.CallGraph.Method;
import com.cpnetwork.functions.system.OpenApiDocument;
import com.cpnetwork.platform.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document is the contract and the route table: every HTTP function must be in it, and every operation
 * must list the errors its code can answer. What the code can do is read from the packaged app's bytecode: the
 * function behind an operation (its {@code function.json} entry point) and what it can reach.
 */
class RouteCoverageIT {

    private static final String FALLBACK_ROUTE = "{*path}";
    private static final String HTTP = "com/cpnetwork/functions/http/";
    /** Throws 401 without a valid bearer token; every authenticated endpoint calls it. */
    private static final Method CALLER = new Method(HTTP + "ApiRequest", "caller");
    /** Counts the request against a RATE_LIMIT_PER_MINUTE budget and throws 429 over it. */
    private static final Method ADMIT = new Method(HTTP + "ApiRequest", "admit");
    /** What parses a request body (and refuses an offline write). */
    private static final Set<Method> BODY_READERS = Set.of(new Method(HTTP + "ApiRequest", "read"), new Method(HTTP + "ApiRequest", "readOptional"),
            new Method(HTTP + "ApiRequest", "readArray"), new Method(HTTP + "ApiRequest", "body"),
            new Method(HTTP + "ApiRequest", "refuseOfflineOrMalformedBody"));
    /**
     * Builds the composition root on a worker's first call. Not followed: building it contacts no database (the pool
     * connects lazily) but starts background work that reaches everything, which would make every operation seem to
     * reach everything.
     */
    private static final Method BACKEND = new Method("com/cpnetwork/functions/BackendHolder", "get");
    /** The 503 for a database or storage that is down (Retry-After). */
    private static final String UNAVAILABLE = "com/cpnetwork/platform/errors/Unavailable";
    private static final String SERVICE_UNAVAILABLE = "#/components/responses/ServiceUnavailable";
    private static final Set<String> WRITES = Set.of("post", "put", "patch", "delete");

    private static List<Operation> operations;

    /** A documented operation, the function that serves it, and what that function's code can reach. */
    private record Operation(String method, String path, JsonNode spec, JsonNode pathItem, Method function, Set<Method> reaches, Set<String> creates) {

        boolean reaches(Method method) {
            return reaches.contains(method);
        }

        boolean lists(String status) {
            return spec.path("responses").has(status);
        }

        boolean listsBearerSecurity() {
            for (JsonNode requirement : spec.path("security")) {
                if (requirement.has("bearer")) {
                    return true;
                }
            }
            return false;
        }

        boolean hasPathParameter() {
            return Stream.concat(stream(pathItem.path("parameters")), stream(spec.path("parameters")))
                    .anyMatch(parameter -> parameter.path("in").asText().equals("path"));
        }

        @Override
        public String toString() {
            return method.toUpperCase(Locale.ROOT) + " " + path + " (" + function + ")";
        }
    }

    @BeforeAll
    static void readTheDocumentAndTheCode() throws IOException {
        Map<String, Method> functions = httpFunctionsByRoute();
        CallGraph code = CallGraph.of(RunningApp.appDir());
        JsonNode paths = Json.MAPPER.readTree(OpenApiDocument.get().json()).path("paths");
        operations = new ArrayList<>();
        paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(entry -> {
            if (!WRITES.contains(entry.getKey()) && !entry.getKey().equals("get")) {
                return;
            }
            Method function = functions.get(entry.getKey().toUpperCase(Locale.ROOT) + " " + withoutParameterNames(path.getKey()));
            assertThat(function).as("the function serving %s %s", entry.getKey(), path.getKey()).isNotNull();
            Set<Method> reaches = code.reachableFrom(function, Set.of(BACKEND));
            Set<String> creates = reaches.stream().flatMap(method -> code.creates(method).stream()).collect(Collectors.toSet());
            operations.add(new Operation(entry.getKey(), path.getKey(), entry.getValue(), path.getValue(), function, reaches, creates));
        }));
        assertThat(operations).hasSizeGreaterThan(50);
    }

    @Test
    void everyHttpFunctionsRouteAndMethodIsInTheOpenApiDocument() throws IOException {
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Path functionJson : functionJsons()) {
            for (JsonNode binding : Json.MAPPER.readTree(functionJson.toFile()).path("bindings")) {
                if (!binding.path("type").asText().equals("httpTrigger") || binding.path("route").asText().equals(FALLBACK_ROUTE)) {
                    continue;
                }
                String path = "/" + binding.path("route").asText().replaceAll("\\{([^}:?]+)[^}]*}", "$1-value");
                List<String> allowed = OpenApiDocument.get().allowedMethods(path).orElse(List.of());
                for (JsonNode method : binding.path("methods")) {
                    checked++;
                    if (!allowed.contains(method.asText().toUpperCase(Locale.ROOT))) {
                        missing.add(method.asText() + " /" + binding.path("route").asText() + " (" + functionJson.getParent().getFileName() + ")");
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(10);
        assertThat(missing).as("HTTP functions missing from openapi.yaml").isEmpty();
    }

    /** Api.handle answers anything a function throws unexpectedly with a 500 in the envelope. */
    @Test
    void everyOperationLists500() {
        assertThat(operations.stream().filter(operation -> !operation.lists("500"))).as("operations without 500").isEmpty();
    }

    /** Exactly the operations whose code can throw Unavailable (database or storage down) list the shared 503. */
    @Test
    void operationsThatUseTheDatabaseOrStorageList503WithRetryAfter() {
        assertThat(operations.stream().filter(operation -> operation.creates().contains(UNAVAILABLE)
                        && !operation.spec().at("/responses/503/$ref").asText().equals(SERVICE_UNAVAILABLE)))
                .as("operations that can meet a dependency that is down but do not list %s as 503", SERVICE_UNAVAILABLE).isEmpty();
        assertThat(operations.stream().filter(operation -> !operation.creates().contains(UNAVAILABLE)
                        && operation.spec().at("/responses/503/$ref").asText().equals(SERVICE_UNAVAILABLE)))
                .as("operations that list 503 but touch neither database nor storage").isEmpty();
        assertThat(operations.stream().filter(operation -> operation.creates().contains(UNAVAILABLE))).hasSizeGreaterThan(40);
    }

    /** Api.handle refuses a body over 1 MiB before the function runs. */
    @Test
    void operationsThatTakeABodyList413() {
        assertThat(operations.stream().filter(operation -> operation.spec().has("requestBody") != operation.lists("413")))
                .as("operations whose requestBody and 413 disagree").isEmpty();
        assertThat(operations.stream().filter(operation -> WRITES.contains(operation.method()) && !operation.spec().has("requestBody")
                        && operation.reaches().stream().anyMatch(BODY_READERS::contains)))
                .as("writes whose code reads a body the document does not declare").isEmpty();
    }

    /** A function that asks for the caller is authenticated: bearer security, 401 without a valid token, 403 for a blocked account or a role. */
    @Test
    void authenticatedOperationsListBearerSecurity401And403() {
        assertThat(operations.stream().filter(operation -> operation.reaches(CALLER) != operation.listsBearerSecurity()))
                .as("operations whose bearer security disagrees with whether the code asks for the caller").isEmpty();
        assertThat(operations.stream().filter(operation -> operation.reaches(CALLER) && !(operation.lists("401") && operation.lists("403"))))
                .as("authenticated operations without 401 and 403").isEmpty();
        assertThat(operations.stream().filter(operation -> operation.reaches(CALLER))).hasSizeGreaterThan(40);
    }

    @Test
    void operationsWithAnIdInThePathList404() {
        assertThat(operations.stream().filter(operation -> operation.hasPathParameter() && !operation.lists("404")))
                .as("operations with a path parameter and no 404").isEmpty();
    }

    /** Exactly the functions that spend a RATE_LIMIT_PER_MINUTE budget list 429. */
    @Test
    void rateLimitedOperationsList429() {
        assertThat(operations.stream().filter(operation -> operation.reaches(ADMIT) != operation.lists("429")))
                .as("operations whose 429 disagrees with whether the code is rate limited").isEmpty();
        assertThat(operations.stream().filter(operation -> operation.reaches(ADMIT))).hasSizeGreaterThan(5);
    }

    /** "GET v1/leads/{}" → the HTTP function's entry point, from the packaged function.json files. */
    private static Map<String, Method> httpFunctionsByRoute() throws IOException {
        Map<String, Method> functions = new HashMap<>();
        for (Path functionJson : functionJsons()) {
            JsonNode function = Json.MAPPER.readTree(functionJson.toFile());
            String entryPoint = function.path("entryPoint").asText();
            Method method = new Method(entryPoint.substring(0, entryPoint.lastIndexOf('.')).replace('.', '/'),
                    entryPoint.substring(entryPoint.lastIndexOf('.') + 1));
            for (JsonNode binding : function.path("bindings")) {
                if (binding.path("type").asText().equals("httpTrigger") && !binding.path("route").asText().equals(FALLBACK_ROUTE)) {
                    for (JsonNode verb : binding.path("methods")) {
                        functions.put(verb.asText().toUpperCase(Locale.ROOT) + " /" + withoutParameterNames(binding.path("route").asText()), method);
                    }
                }
            }
        }
        return functions;
    }

    private static String withoutParameterNames(String route) {
        return route.replaceAll("\\{[^}]*}", "{}");
    }

    private static List<Path> functionJsons() {
        try (Stream<Path> functions = Files.list(RunningApp.appDir())) {
            return functions.map(dir -> dir.resolve("function.json")).filter(Files::exists).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }
}
