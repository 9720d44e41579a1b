package com.cpnetwork.testing;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Plain HTTP to storage links, as an app without the storage SDK uses them: HTTP/1.1 (no h2c upgrade), and a request
 * the emulator dropped without answering a byte (Azurite does so now and then on a loaded machine; the storage SDK
 * retries those itself) is sent once more. Any answer, whatever its status, is returned as it came.
 */
public final class StorageHttp {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private StorageHttp() {
    }

    public static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) throws IOException, InterruptedException {
        try {
            return CLIENT.send(request, body);
        } catch (IOException dropped) {
            return CLIENT.send(request, body);
        }
    }
}
