package com.cpnetwork.localruntime;

import com.cpnetwork.localruntime.azurite.Azurite;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** The packaged runtime-test-app, and the settings and options the tests run it with. */
public final class TestApp {
    static final ObjectMapper JSON = new ObjectMapper();
    /** A schedule that does not come round during a test, for tests that are not about the timer. */
    static final String NEVER = "0 0 0 1 1 *";

    private TestApp() {
    }

    static Path dir() {
        return Path.of(System.getProperty("test.app.dir", "../runtime-test-app/target/azure-functions/runtime-test-app"));
    }

    static Map<String, String> settings(Azurite azurite, Reports reports) {
        Map<String, String> settings = new HashMap<>();
        settings.put("AzureWebJobsStorage", azurite.connectionString());
        settings.put("REPORT_DIR", reports.dir().toString());
        settings.put("TICK_SCHEDULE", NEVER);
        settings.put("TICK_MILLIS", "0");
        return settings;
    }

    static HostOptions options() {
        return HostOptions.defaults().withBlobScanInterval(Duration.ofMillis(200)).withShutdownTimeout(Duration.ofSeconds(5));
    }

    static FunctionsHost start(Azurite azurite, Reports reports) {
        return FunctionsHost.start(dir(), 0, settings(azurite, reports), options());
    }

    /** A copy of the packaged app with only the named functions, each function.json edited by {@code edit}. */
    public static Path copyWith(Path target, List<String> functions, Consumer<ObjectNode> edit) {
        Path source = dir();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path relative = source.relativize(file);
                boolean otherFunction = Files.isRegularFile(file) && relative.getNameCount() == 2
                        && relative.getFileName().toString().equals("function.json")
                        && !functions.contains(relative.getName(0).toString());
                if (!otherFunction && !Files.isDirectory(file)) {
                    Files.createDirectories(target.resolve(relative).getParent());
                    Files.copy(file, target.resolve(relative));
                }
            }
            for (String function : functions) {
                Path functionJson = target.resolve(function).resolve("function.json");
                ObjectNode root = (ObjectNode) JSON.readTree(functionJson.toFile());
                edit.accept(root);
                JSON.writeValue(functionJson.toFile(), root);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }
}
