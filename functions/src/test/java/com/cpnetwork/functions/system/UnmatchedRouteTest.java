package com.cpnetwork.functions.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.cpnetwork.functions.http.Api;
import com.cpnetwork.functions.http.FakeRequest;
import com.cpnetwork.platform.json.Json;
import com.microsoft.azure.functions.HttpResponseMessage;
import org.junit.jupiter.api.Test;

class UnmatchedRouteTest {

    private static HttpResponseMessage fallback(FakeRequest request) {
        return Api.handle(request, FakeRequest.context(), call -> UnmatchedRoute.answer(call, OpenApiDocument.get()));
    }

    @Test
    void documentedPathWithAnotherMethodIs405WithAllow() throws Exception {
        HttpResponseMessage response = fallback(FakeRequest.post("/v1/auth/me", "{}"));

        assertThat(response.getStatusCode()).isEqualTo(405);
        assertThat(response.getHeader("Allow")).isEqualTo("GET");
        assertThat(Json.MAPPER.readTree((String) response.getBody()).at("/error/code").asText()).isEqualTo("METHOD_NOT_ALLOWED");
    }

    @Test
    void pathTemplatesMatchOneSegmentPerParameter() {
        assertThat(fallback(FakeRequest.post("/v1/users/123", "{}")).getStatusCode()).isEqualTo(405);
        assertThat(fallback(FakeRequest.get("/v1/users/123/extra")).getStatusCode()).isEqualTo(404);
    }

    @Test
    void unknownPathIs404Envelope() throws Exception {
        HttpResponseMessage response = fallback(FakeRequest.get("/v1/nothing-here"));

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree((String) response.getBody()).at("/error/code").asText()).isEqualTo("NOT_FOUND");
    }
}
