package com.cpnetwork.functions.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.cpnetwork.functions.system.OpenApiDocument;
import com.cpnetwork.platform.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The interactive API docs page, {@code /api/docs}, opened by a real browser: headless Chromium loads it from the
 * running app, Swagger UI (from the webjar) fetches {@code openapi.json} and builds the page, and the DOM it built
 * shows every operation of every tag in the document. The server's HTML names no endpoint: the page is made in the
 * browser, so only the rendered DOM can pass. Chromium must be installed ({@code .ci/run} installs it); without it
 * this test fails rather than skips.
 */
class ApiDocsPageIT {

    /** Swagger UI's block for one operation: {@code <div class="opblock opblock-get" id="operations-<tag>-<operationId>">}. */
    private static final Pattern OPERATION = Pattern.compile("<div class=\"opblock opblock-(\\w+)[^\"]*\" id=\"operations-([^\"]+)\">");
    private static final Pattern PATH = Pattern.compile("data-path=\"([^\"]+)\"");
    private static final Pattern TAG_SECTION = Pattern.compile("<h3 class=\"opblock-tag[^\"]*\" id=\"operations-tag-[^\"]*\" data-tag=\"([^\"]+)\"");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "options", "head", "trace");

    private final ApiClient api = RunningApp.get().api();

    @Test
    void docsPageShowsEveryOperationOfEveryTagOnceABrowserHasRunIt() throws IOException {
        String served = api.get("/docs", null).text();
        String rendered = renderedDom(api.url("/docs"));

        Map<String, List<String>> expected = operationsByTag(Json.MAPPER.readTree(OpenApiDocument.get().json()));
        assertThat(expected.keySet()).as("tags in openapi.yaml")
                .contains("auth", "organizations", "users", "leads", "quotations", "documents", "commissions", "audit", "reports", "webhooks");
        assertThat(operationsShown(served)).as("the HTML as served, before any script ran").isEmpty();
        assertThat(tagsShown(rendered)).as("tag sections on the rendered page").containsExactlyElementsOf(expected.keySet());
        assertThat(operationsShown(rendered)).as("operations on the rendered page, by tag").isEqualTo(expected);
    }

    /** Every operation of the document as Swagger UI lists it, "GET /v1/leads/{id}" under its tag (each has one), sorted. */
    private static Map<String, List<String>> operationsByTag(JsonNode document) {
        Map<String, List<String>> byTag = new TreeMap<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            if (METHODS.contains(operation.getKey())) {
                byTag.computeIfAbsent(operation.getValue().path("tags").path(0).asText(), tag -> new ArrayList<>())
                        .add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        byTag.values().forEach(Collections::sort);
        return byTag;
    }

    /**
     * The operations a page shows, sorted, by the tag section they are in: each operation block's method and the path
     * its summary line shows, under the tag heading before it.
     */
    private static Map<String, List<String>> operationsShown(String html) {
        TreeMap<Integer, String> sections = new TreeMap<>();
        Matcher section = TAG_SECTION.matcher(html);
        while (section.find()) {
            sections.put(section.start(), section.group(1));
        }
        Map<String, List<String>> byTag = new TreeMap<>();
        Matcher operation = OPERATION.matcher(html);
        while (operation.find()) {
            Matcher path = PATH.matcher(html).region(operation.end(), html.length());
            String shown = operation.group(1).toUpperCase(Locale.ROOT) + " " + (path.find() ? path.group(1) : "(no path)");
            Map.Entry<Integer, String> tag = sections.floorEntry(operation.start());
            byTag.computeIfAbsent(tag == null ? "(no tag)" : tag.getValue(), key -> new ArrayList<>()).add(shown);
        }
        byTag.values().forEach(Collections::sort);
        return byTag;
    }

    /** The tag headings a page shows, sorted. */
    private static List<String> tagsShown(String html) {
        List<String> tags = new ArrayList<>();
        Matcher section = TAG_SECTION.matcher(html);
        while (section.find()) {
            tags.add(section.group(1));
        }
        return tags.stream().sorted().toList();
    }

    /** The DOM of {@code url} once headless Chromium has run its scripts (10 s of virtual time at most). */
    private static String renderedDom(String url) throws IOException {
        String chromium = chromium().orElseThrow(() -> new AssertionError(
                "Chromium is not installed: this test opens the docs page in it. Install it (Debian: apt-get install chromium; "
                        + ".ci/run does) or put it on the PATH as chromium, or name it in CHROMIUM."));
        Path work = Files.createDirectories(Path.of("target", "docs-page"));
        Path profile = Files.createTempDirectory(work, "profile-");
        Path dom = work.resolve("dom.html");
        Path log = work.resolve("chromium-output.txt");
        Process process = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                // Containers often have a 64 MB /dev/shm, too small for Chromium's shared memory.
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile.toAbsolutePath(), "--virtual-time-budget=10000", "--dump-dom", url)
                .redirectOutput(dom.toFile()).redirectError(log.toFile()).start();
        try {
            boolean exited = process.waitFor(120, TimeUnit.SECONDS);
            if (!exited) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            assertThat(exited).as("Chromium rendered %s within 120 s (its output: %s)", url, log).isTrue();
            assertThat(process.exitValue()).as("Chromium's exit code; its output:%n%s", tail(log)).isZero();
            return Files.readString(dom, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            deleteTree(profile);
        }
    }

    /** {@code CHROMIUM} when set, else {@code chromium} on the PATH. */
    private static Optional<String> chromium() {
        String named = System.getenv("CHROMIUM");
        if (named != null && !named.isBlank()) {
            return Optional.of(named);
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "chromium"))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst();
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
