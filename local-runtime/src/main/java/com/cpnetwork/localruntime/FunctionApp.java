package com.cpnetwork.localruntime;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A packaged function app directory: host.json, one folder per function with its function.json, the app jar and lib/.
 *
 * @param dir       the app directory
 * @param host      its host.json settings
 * @param functions its functions, by name
 * @param jars      the script jars and lib/*.jar, for the app's class loader
 */
record FunctionApp(Path dir, HostJson host, List<FunctionDefinition> functions, List<Path> jars) {

    static FunctionApp load(Path appDir, ObjectMapper json) {
        Path dir = appDir.toAbsolutePath().normalize();
        List<Path> functionJsons = functionJsons(dir);
        if (functionJsons.isEmpty()) {
            throw new FunctionAppException("No packaged function app at " + dir + ". Run `mvn package` first.");
        }
        List<FunctionDefinition> functions = functionJsons.stream()
                .map(file -> FunctionDefinition.read(file, json))
                .sorted(Comparator.comparing(FunctionDefinition::name))
                .toList();
        List<Path> jars = new ArrayList<>();
        functions.stream().map(FunctionDefinition::scriptFile).distinct().forEach(jar -> {
            if (!Files.isRegularFile(jar)) {
                throw new FunctionAppException("The app jar " + jar + " named by a function.json is missing. Run `mvn package` again.");
            }
            jars.add(jar);
        });
        jars.addAll(libraries(dir.resolve("lib")));
        return new FunctionApp(dir, HostJson.read(dir.resolve("host.json"), json), functions, List.copyOf(jars));
    }

    private static List<Path> functionJsons(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.map(child -> child.resolve("function.json")).filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> libraries(Path lib) {
        if (!Files.isDirectory(lib)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(lib)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
