package com.cpnetwork.localruntime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * {@code GET /local/outbox/latest?to=<phone or email>[&template=SIGN_IN_CODE][&channel=SMS][&wait=10]}: the newest
 * message in the app's local outbox folder (one JSON file per SMS or email, named so that names sort oldest first), as
 * the file holds it. Messages reach the folder through a queue, so when none matches yet it waits up to {@code wait}
 * seconds (default 10) for one before answering 404. A phone matches on its digits, so {@code +919812345678},
 * {@code 919812345678} and {@code 9812345678} (and a {@code +} that a query string turned into a space) all find
 * {@code +919812345678}.
 *
 * <p>It lives outside the route prefix, where no function can be, and exists only in the local runtime: the deployed
 * package does not contain it, and Azure's host answers that path with its own 404. The host listens on every
 * interface, so the endpoint answers only requests from this machine that no proxy relayed: sign-in codes are in there.
 */
final class LocalOutboxEndpoint extends Handler.Wrapper {
    static final String PATH = "/local/outbox/latest";
    private static final int DEFAULT_WAIT_SECONDS = 10;
    /** Below Jetty's 30 s idle timeout, which would cut a longer wait. */
    private static final int MAX_WAIT_SECONDS = 20;
    private static final long POLL_MILLIS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;

    LocalOutboxEndpoint(Path folder, Handler functions) {
        super(functions);
        this.folder = folder;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!PATH.equals(request.getHttpURI().getPath())) {
            return super.handle(request, response, callback);
        }
        if (!fromThisMachine(request)) {
            refuse(request, response, callback, HttpStatus.FORBIDDEN_403, "LOCAL_ONLY",
                    "The local outbox is served only to requests made on this machine, not through a proxy");
        } else if (!HttpMethod.GET.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, HttpMethod.GET.asString());
            refuse(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "METHOD_NOT_ALLOWED", "Only GET is served here");
        } else {
            answer(request, response, callback);
        }
        return true;
    }

    private void answer(Request request, Response response, Callback callback) {
        Query query;
        try {
            query = Query.of(Request.extractQueryParameters(request));
        } catch (IllegalArgumentException e) {
            refuse(request, response, callback, HttpStatus.BAD_REQUEST_400, "BAD_REQUEST", e.getMessage());
            return;
        }
        Optional<JsonNode> message = awaitNewest(query);
        if (message.isEmpty()) {
            refuse(request, response, callback, HttpStatus.NOT_FOUND_404, "NO_MESSAGE",
                    "No message " + query + " in " + folder + " within " + query.waitSeconds() + " s");
            return;
        }
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        try {
            response.write(true, ByteBuffer.wrap(JSON.writeValueAsBytes(message.get())), callback);
        } catch (IOException e) {
            callback.failed(e);
        }
    }

    /**
     * The newest matching message, looking again every {@value #POLL_MILLIS} ms until {@code wait} has passed; only
     * files newer than those already read are read again.
     */
    private Optional<JsonNode> awaitNewest(Query query) {
        Instant deadline = Instant.now().plusSeconds(query.waitSeconds());
        String readUpTo = "";
        while (true) {
            List<Path> newer = filesAfter(readUpTo);
            for (Path file : newer) {
                Optional<JsonNode> message = read(file).filter(query::matches);
                if (message.isPresent()) {
                    return message;
                }
            }
            if (!newer.isEmpty()) {
                readUpTo = newer.get(0).getFileName().toString();
            }
            if (!Instant.now().isBefore(deadline)) {
                return Optional.empty();
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    /** Message files named after {@code name}, newest first. */
    private List<Path> filesAfter(String name) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> {
                        String fileName = file.getFileName().toString();
                        return fileName.endsWith(".json") && fileName.compareTo(name) > 0;
                    })
                    .sorted(Comparator.comparing((Path file) -> file.getFileName().toString()).reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the local outbox " + folder, e);
        }
    }

    private static Optional<JsonNode> read(Path file) {
        try {
            return Optional.of(JSON.readTree(file.toFile()));
        } catch (IOException e) {
            // Gone since the listing, or not a message: the writer moves only complete files into place.
            return Optional.empty();
        }
    }

    /** From a loopback address, and not relayed by a proxy on this machine (a tunnel or port forward would add these). */
    static boolean fromThisMachine(Request request) {
        SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        boolean loopback = remote instanceof InetSocketAddress address && address.getAddress() != null
                && address.getAddress().isLoopbackAddress();
        return loopback && !request.getHeaders().contains(HttpHeader.X_FORWARDED_FOR)
                && !request.getHeaders().contains(HttpHeader.FORWARDED);
    }

    private static void refuse(Request request, Response response, Callback callback, int status, String code, String message) {
        response.setStatus(status);
        HostErrorHandler.writeEnvelope(request, response, callback, code, message);
    }

    /** What the caller asks for; absent parts match anything. */
    record Query(Optional<String> to, Optional<String> template, Optional<String> channel, int waitSeconds) {

        static Query of(Fields parameters) {
            Optional<String> to = value(parameters, "to");
            if (to.isPresent() && !to.get().contains("@") && digits(to.get()).length() < 10) {
                throw new IllegalArgumentException("to is a phone number (10 digits or more) or an email address");
            }
            int wait = value(parameters, "wait").map(Query::waitSeconds).orElse(DEFAULT_WAIT_SECONDS);
            return new Query(to, value(parameters, "template"), value(parameters, "channel"), wait);
        }

        boolean matches(JsonNode message) {
            return to.map(wanted -> sameRecipient(wanted, message.path("to").asText())).orElse(true)
                    && template.map(wanted -> wanted.equalsIgnoreCase(message.path("template").asText())).orElse(true)
                    && channel.map(wanted -> wanted.equalsIgnoreCase(message.path("channel").asText())).orElse(true);
        }

        private static boolean sameRecipient(String wanted, String to) {
            if (wanted.contains("@")) {
                return wanted.equalsIgnoreCase(to);
            }
            String digits = digits(to);
            return !digits.isEmpty() && digits.endsWith(digits(wanted));
        }

        private static String digits(String text) {
            return text.replaceAll("\\D", "");
        }

        private static int waitSeconds(String text) {
            try {
                int seconds = Integer.parseInt(text);
                if (seconds >= 0 && seconds <= MAX_WAIT_SECONDS) {
                    return seconds;
                }
            } catch (NumberFormatException e) {
                // Refused below.
            }
            throw new IllegalArgumentException("wait is a number of seconds from 0 to " + MAX_WAIT_SECONDS);
        }

        private static Optional<String> value(Fields parameters, String name) {
            String value = parameters.getValue(name);
            if (value != null && value.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException(name + " must not contain control characters");
            }
            return Optional.ofNullable(value).map(String::strip).filter(text -> !text.isEmpty());
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(to.map(value -> "to " + value).orElse("to anyone"));
            template.ifPresent(value -> text.append(" with template ").append(value.toUpperCase(Locale.ROOT)));
            channel.ifPresent(value -> text.append(" by ").append(value.toUpperCase(Locale.ROOT)));
            return text.toString();
        }
    }
}
