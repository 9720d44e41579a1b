package com.cpnetwork.functions.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.cpnetwork.functions.system.OpenApiDocument;
import com.cpnetwork.platform.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The OpenAPI document is the contract and the route table: every HTTP function must be in it. */
class RouteCoverageIT {

    private static final String FALLBACK_ROUTE = "{*path}";

    @Test
    void everyHttpFunctionsRouteAndMethodIsInTheOpenApiDocument() throws IOException {
        List<String> missing = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> functions = Files.list(RunningApp.appDir())) {
            for (Path functionJson : functions.map(dir -> dir.resolve("function.json")).filter(Files::exists).toList()) {
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
        }
        assertThat(checked).isGreaterThan(10);
        assertThat(missing).as("HTTP functions missing from openapi.yaml").isEmpty();
    }
}
