package com.cpnetwork.testapp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** HTTP functions: an echo, one function per route template kind, status codes, failures. */
public final class HttpFunctions {
    private int calls;

    @FunctionName("Echo")
    public HttpResponseMessage echo(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT}, route = "echo/{id?}",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id,
            ExecutionContext context) {
        context.getLogger().info("echo " + request.getHttpMethod());
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("method", request.getHttpMethod().name());
        seen.put("uri", request.getUri().toString());
        seen.put("id", id);
        seen.put("query", request.getQueryParameters());
        seen.put("headers", request.getHeaders());
        seen.put("contentTypeByMixedCaseKey", request.getHeaders().get("Content-Type"));
        seen.put("body", request.getBody().orElse(null));
        seen.put("invocationId", context.getInvocationId());
        seen.put("functionName", context.getFunctionName());
        return request.createResponseBuilder(HttpStatus.OK)
                .header("Content-Type", "application/json")
                .body(Reports.json(seen))
                .build();
    }

    @FunctionName("ItemSpecial")
    public String itemSpecial(@HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "items/special",
            authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
        return "literal";
    }

    @FunctionName("ItemById")
    public String itemById(@HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "items/{id:int}",
            authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            @BindingName("id") int id) {
        return "int:" + id;
    }

    @FunctionName("ItemByGuid")
    public String itemByGuid(@HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "items/{id:guid}",
            authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id) {
        return "guid:" + id;
    }

    @FunctionName("ItemByAlpha")
    public String itemByAlpha(@HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "items/{name:alpha}",
            authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            @BindingName("name") String name) {
        return "alpha:" + name;
    }

    @FunctionName("ItemAny")
    public String itemAny(@HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "items/{value}",
            authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            @BindingName("value") String value) {
        return "any:" + value;
    }

    @FunctionName("Optional")
    public String optional(@HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "opt/{id?}",
            authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id) {
        return "opt:" + id;
    }

    @FunctionName("FileReadme")
    public String fileReadme(@HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "files/readme",
            authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
        return "readme";
    }

    @FunctionName("FileAny")
    public String fileAny(@HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "files/{*path}",
            authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            @BindingName("path") String path) {
        return "file:" + path;
    }

    @FunctionName("OrdersCreate")
    public HttpResponseMessage ordersCreate(@HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "orders",
            authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
        return request.createResponseBuilder(HttpStatus.CREATED).body("created").build();
    }

    @FunctionName("OrdersList")
    public String ordersList(@HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "orders",
            authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
        return "list";
    }

    @FunctionName("Status")
    public HttpResponseMessage status(@HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "status/{code:int}",
            authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            @BindingName("code") int code) {
        return request.createResponseBuilder(HttpStatusType.custom(code))
                .header("X-Custom", "yes")
                .body("status " + code)
                .build();
    }

    @FunctionName("Boom")
    public String boom(@HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "boom",
            authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
        throw new IllegalStateException("boom on purpose");
    }

    @FunctionName("Ping")
    public static HttpResponseMessage ping(@HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "ping",
            authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
        return request.createResponseBuilder(HttpStatus.OK).body("pong").build();
    }

    @FunctionName("Reverse")
    public HttpResponseMessage reverse(@HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "reverse",
            authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<byte[]>> request) {
        byte[] body = request.getBody().orElse(new byte[0]);
        byte[] reversed = new byte[body.length];
        for (int i = 0; i < body.length; i++) {
            reversed[i] = body[body.length - 1 - i];
        }
        return request.createResponseBuilder(HttpStatus.OK).body(reversed).build();
    }

    @FunctionName("JsonObject")
    public HttpResponseMessage jsonObject(@HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "json",
            authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
        return request.createResponseBuilder(HttpStatus.OK).body(Map.of("answer", 42)).build();
    }

    @FunctionName("MissingBindingName")
    public String missingBindingName(@HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "missing-binding",
            authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            @BindingName("nope") String nope) {
        return "unreachable";
    }

    @FunctionName("Worker")
    public String worker(@HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "worker",
            authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
        calls++;
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("callsOnThisInstance", calls);
        seen.put("contextLoaderIsAppLoader", Thread.currentThread().getContextClassLoader() == getClass().getClassLoader());
        seen.put("jacksonFromApp", ObjectMapper.class.getClassLoader() == getClass().getClassLoader());
        return Reports.json(seen);
    }
}
