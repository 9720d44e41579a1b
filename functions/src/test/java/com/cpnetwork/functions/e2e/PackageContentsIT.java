package com.cpnetwork.functions.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.cpnetwork.platform.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What gets deployed: the packaged folder that infra/README.md zips, as the packaging step leaves it. */
class PackageContentsIT {

    private final Path app = RunningApp.appDir();

    @Test
    void packageHoldsNoLocalSettings() throws IOException {
        assertThat(filesIn(app)).noneMatch(file -> file.getFileName().toString().equals("local.settings.json"));
    }

    @Test
    void packageHoldsNothingFromLocalDevelopment() throws IOException {
        assertThat(filesIn(app)).noneMatch(file -> {
            String name = file.toString();
            return name.contains(".local") || name.endsWith(".example") || name.contains("node_modules")
                    || name.contains("jwt-signing-key");
        });
    }

    /** The local Functions host, and with it GET /local/outbox/latest (sign-in codes), is never deployed. */
    @Test
    void packageHoldsNothingOfTheLocalRuntime() throws IOException {
        List<Path> jars = filesIn(app).stream().filter(file -> file.toString().endsWith(".jar")).toList();

        assertThat(jars).isNotEmpty().noneMatch(jar -> jar.getFileName().toString().startsWith("local-runtime"));
        for (Path jar : jars) {
            try (JarFile entries = new JarFile(app.resolve(jar).toFile())) {
                assertThat(entries.stream().map(JarEntry::getName)).as(jar.toString())
                        .noneMatch(name -> name.startsWith("com/cpnetwork/localruntime/"));
            }
        }
    }

    @Test
    void packageHoldsTheHostSettingsTheAppJarAndItsFunctions() {
        assertThat(app.resolve("host.json")).isRegularFile();
        assertThat(app.resolve("functions-0.1.0-SNAPSHOT.jar")).isRegularFile();
        assertThat(app.resolve("Health").resolve("function.json")).isRegularFile();
    }

    @Test
    void theUploadValidatorIsABlobTriggerWithTheEventGridSourceThatBindsAClientNotTheContent() throws IOException {
        JsonNode binding = Json.MAPPER.readTree(app.resolve("ValidateUpload").resolve("function.json").toFile()).path("bindings").get(0);

        assertThat(binding.path("type").asText()).isEqualTo("blobTrigger");
        assertThat(binding.path("source").asText()).isEqualTo("EventGrid");
        assertThat(binding.path("path").asText()).isEqualTo("uploads/{name}");
        assertThat(binding.path("connection").asText()).isEqualTo("DataStorage");
        assertThat(binding.has("dataType")).as("no content binding (string or binary)").isFalse();
        assertThat(filesIn(app)).anyMatch(file -> file.getFileName().toString().startsWith("azure-functions-java-sdktypes"));
    }

    private static List<Path> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).map(folder::relativize).toList();
        }
    }
}
