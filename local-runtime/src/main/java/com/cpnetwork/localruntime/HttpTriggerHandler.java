package com.cpnetwork.localruntime;

import com.cpnetwork.localruntime.RouteTable.Match;
import com.cpnetwork.localruntime.RouteTable.MethodNotAllowed;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.URIUtil;

/** Routes each request to its HTTP function and turns what the function returns into the response. */
final class HttpTriggerHandler extends Handler.Abstract {
    private static final byte[] NO_CONTENT = new byte[0];

    private final RouteTable routes;

    HttpTriggerHandler(RouteTable routes) {
        this.routes = routes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        String ambiguity = UriCompliance.checkUriCompliance(UriCompliance.DEFAULT, request.getHttpURI(), null);
        if (ambiguity != null) {
            Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400, ambiguity);
            return true;
        }
        List<String> path = RouteTemplate.split(request.getHttpURI().getPath()).stream().map(URIUtil::decodePath).toList();
        RouteTable.Resolution resolution = routes.resolve(request.getMethod(), path);
        if (resolution instanceof Match match) {
            invoke(match, request, response, callback);
        } else if (resolution instanceof MethodNotAllowed refused) {
            response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", refused.allowed()));
            send(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, NO_CONTENT);
        } else {
            send(response, callback, HttpStatus.NOT_FOUND_404, NO_CONTENT);
        }
        return true;
    }

    private static void invoke(Match match, Request request, Response response, Callback callback) throws IOException {
        ByteBuffer content = Content.Source.asByteBuffer(request);
        byte[] body = content.hasRemaining() ? new byte[content.remaining()] : null;
        if (body != null) {
            content.get(body);
        }
        Map<String, String> headers = headers(request);
        Map<String, String> query = query(request);
        // As on the host, @BindingName sees query parameters and route values (route values win).
        Map<String, Object> metadata = new HashMap<>(query);
        metadata.putAll(match.values());
        Invocation invocation = new Invocation(type -> new TriggerRequest(request.getHttpURI().toURI(),
                HttpMethod.value(request.getMethod()), headers, query, DataConversion.convert(body, bodyType(type))), metadata);
        Object result;
        try {
            result = match.route().function().invoke(invocation);
        } catch (FunctionFailedException e) {
            // The host answers a failed invocation with an empty 500; the failure is in the log.
            send(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, NO_CONTENT);
            return;
        }
        respond(result, response, callback);
    }

    private static Type bodyType(Type parameterType) {
        if (DataConversion.rawType(parameterType) != HttpRequestMessage.class) {
            throw new IllegalArgumentException("an HTTP trigger binds HttpRequestMessage<T>, not " + parameterType.getTypeName());
        }
        return DataConversion.typeArgument(parameterType);
    }

    private static void respond(Object result, Response response, Callback callback) {
        if (result == null) {
            send(response, callback, HttpStatus.NO_CONTENT_204, NO_CONTENT);
            return;
        }
        Object body = result;
        int status = HttpStatus.OK_200;
        if (result instanceof HttpResponseMessage message) {
            body = message.getBody();
            status = message.getStatusCode();
            if (message instanceof TriggerResponse built) {
                built.headers().forEach(response.getHeaders()::put);
            }
        }
        byte[] bytes;
        String contentType;
        if (body == null) {
            bytes = NO_CONTENT;
            contentType = null;
        } else if (body instanceof byte[] raw) {
            bytes = raw;
            contentType = "application/octet-stream";
        } else if (body instanceof String text) {
            bytes = text.getBytes(StandardCharsets.UTF_8);
            contentType = "text/plain; charset=utf-8";
        } else {
            bytes = DataConversion.toJson(body).getBytes(StandardCharsets.UTF_8);
            contentType = "application/json; charset=utf-8";
        }
        if (contentType != null && !response.getHeaders().contains(HttpHeader.CONTENT_TYPE)) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        send(response, callback, status, bytes);
    }

    private static void send(Response response, Callback callback, int status, byte[] body) {
        response.setStatus(status);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static Map<String, String> headers(Request request) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (HttpField field : request.getHeaders()) {
            headers.merge(field.getName().toLowerCase(Locale.ROOT), field.getValue(), (first, more) -> first + ", " + more);
        }
        // Azure's front end appends the client's address (with its port) to X-Forwarded-For; apps rely on it.
        String client = Request.getRemoteAddr(request) + ":" + Request.getRemotePort(request);
        headers.merge("x-forwarded-for", client, (forwarded, address) -> forwarded + ", " + address);
        return headers;
    }

    private static Map<String, String> query(Request request) {
        Map<String, String> query = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Fields.Field field : Request.extractQueryParameters(request)) {
            query.put(field.getName(), String.join(",", field.getValues()));
        }
        return query;
    }
}
