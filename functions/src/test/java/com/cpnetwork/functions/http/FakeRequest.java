package com.cpnetwork.functions.http;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/** A request as the Functions worker hands it over, and the response builder it provides, for pipeline tests. */
public final class FakeRequest implements HttpRequestMessage<Optional<String>> {

    private final HttpMethod method;
    private final URI uri;
    private final Map<String, String> headers = new HashMap<>();
    private final Map<String, String> query = new HashMap<>();
    private final String body;

    private FakeRequest(HttpMethod method, String path, String body) {
        this.method = method;
        this.uri = URI.create("http://localhost:7071/api" + path);
        this.body = body;
    }

    public static FakeRequest get(String path) {
        return new FakeRequest(HttpMethod.GET, path, null);
    }

    public static FakeRequest post(String path, String body) {
        return new FakeRequest(HttpMethod.POST, path, body);
    }

    public FakeRequest query(String name, String value) {
        query.put(name, value);
        return this;
    }

    public FakeRequest header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public static ExecutionContext context() {
        return new ExecutionContext() {
            @Override
            public Logger getLogger() {
                return Logger.getLogger("test");
            }

            @Override
            public String getInvocationId() {
                return "invocation-1";
            }

            @Override
            public String getFunctionName() {
                return "Test";
            }
        };
    }

    @Override
    public URI getUri() {
        return uri;
    }

    @Override
    public HttpMethod getHttpMethod() {
        return method;
    }

    @Override
    public Map<String, String> getHeaders() {
        return headers;
    }

    @Override
    public Map<String, String> getQueryParameters() {
        return query;
    }

    @Override
    public Optional<String> getBody() {
        return Optional.ofNullable(body);
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
        return createResponseBuilder((HttpStatusType) status);
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
        return new Response.Builder(status);
    }

    /** What the pipeline answered. */
    public record Response(HttpStatusType getStatus, Map<String, String> headers, Object getBody) implements HttpResponseMessage {

        @Override
        public String getHeader(String name) {
            return headers.get(name);
        }

        static final class Builder implements HttpResponseMessage.Builder {
            private HttpStatusType status;
            private final Map<String, String> headers = new LinkedHashMap<>();
            private Object body;

            Builder(HttpStatusType status) {
                this.status = status;
            }

            @Override
            public HttpResponseMessage.Builder status(HttpStatusType status) {
                this.status = status;
                return this;
            }

            @Override
            public HttpResponseMessage.Builder header(String name, String value) {
                headers.put(name, value);
                return this;
            }

            @Override
            public HttpResponseMessage.Builder body(Object body) {
                this.body = body;
                return this;
            }

            @Override
            public HttpResponseMessage build() {
                return new Response(status, headers, body);
            }
        }
    }
}
