package com.cpnetwork.functions.system;

import com.cpnetwork.functions.http.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/**
 * One of the two Swagger UI files the docs page loads, read from the swagger-ui webjar and gzip-compressed once per
 * JVM: the Functions host does not compress responses, and the script is about 1.5 MB before compression.
 */
final class SwaggerUiFile {

    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "swagger-ui.css", "text/css; charset=utf-8",
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8");
    private static final Map<String, SwaggerUiFile> LOADED = new ConcurrentHashMap<>();

    private final String contentType;
    private final byte[] plain;
    private final byte[] gzipped;

    private SwaggerUiFile(String contentType, byte[] plain) {
        this.contentType = contentType;
        this.plain = plain;
        this.gzipped = gzip(plain);
    }

    /** The file of that name; empty for anything but the two files the page loads. */
    static Optional<SwaggerUiFile> named(String name) {
        return Optional.ofNullable(CONTENT_TYPES.get(name))
                .map(type -> LOADED.computeIfAbsent(name, file -> new SwaggerUiFile(type, read(file))));
    }

    /** The file as a 200, compressed when the client accepts gzip; caches keep the two versions apart by Accept-Encoding. */
    Reply reply(boolean gzip) {
        Reply reply = gzip
                ? Reply.bytes(200, contentType, gzipped).withHeader("Content-Encoding", "gzip")
                : Reply.bytes(200, contentType, plain);
        return reply.withHeader("Vary", "Accept-Encoding").withHeader("Cache-Control", "public, max-age=86400");
    }

    private static byte[] read(String file) {
        try (InputStream pom = SwaggerUiFile.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            Properties properties = new Properties();
            properties.load(pom);
            String path = "/META-INF/resources/webjars/swagger-ui/" + properties.getProperty("version") + "/" + file;
            try (InputStream content = SwaggerUiFile.class.getResourceAsStream(path)) {
                if (content == null) {
                    throw new IOException("not in the swagger-ui webjar: " + path);
                }
                return content.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Swagger UI file " + file + " is missing", e);
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(bytes.length / 3);
        try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory cannot fail", e);
        }
        return compressed.toByteArray();
    }
}
