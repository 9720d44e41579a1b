package com.cpnetwork.localruntime;

import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.util.LinkedHashMap;
import java.util.Map;

/** The response a function builds with {@code createResponseBuilder}; it is its own builder, like the worker's. */
final class TriggerResponse implements HttpResponseMessage, HttpResponseMessage.Builder {
    private final Map<String, String> headers = new LinkedHashMap<>();
    private HttpStatusType status = HttpStatus.OK;
    private Object body;

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
        return this;
    }

    @Override
    public HttpStatusType getStatus() {
        return status;
    }

    @Override
    public int getStatusCode() {
        return status.value();
    }

    @Override
    public String getHeader(String name) {
        return headers.get(name);
    }

    @Override
    public Object getBody() {
        return body;
    }

    Map<String, String> headers() {
        return headers;
    }
}
