package com.cpnetwork.functions.auth;

import com.cpnetwork.functions.BackendHolder;
import com.cpnetwork.functions.http.Api;
import com.cpnetwork.functions.http.JsonFields;
import com.cpnetwork.functions.http.Reply;
import com.cpnetwork.platform.FieldChecks;
import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.platform.ratelimit.RateLimitGroup;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Map;
import java.util.Optional;

/** Signing in and out, tokens, password resets, TOTP enrollment, the caller's profile and the public keys. */
public final class AuthFunctions {

    @FunctionName("Login")
    public HttpResponseMessage login(
            @HttpTrigger(name = "request", methods = HttpMethod.POST, route = "v1/auth/login", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            call.admit(RateLimitGroup.SIGN_IN);
            return LoginStep.answer(call.jsonBody(), BackendHolder.get());
        });
    }

    @FunctionName("RefreshTokens")
    public HttpResponseMessage refresh(
            @HttpTrigger(name = "request", methods = HttpMethod.POST, route = "v1/auth/refresh", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            call.admit(RateLimitGroup.SIGN_IN);
            return Reply.ok(BackendHolder.get().authentication().sessions().refresh(required(call.jsonBody(), "refreshToken")));
        });
    }

    @FunctionName("Logout")
    public HttpResponseMessage logout(
            @HttpTrigger(name = "request", methods = HttpMethod.POST, route = "v1/auth/logout", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            call.admit(RateLimitGroup.SIGN_IN);
            BackendHolder.get().authentication().sessions().logout(required(call.jsonBody(), "refreshToken"));
            return Reply.noContent();
        });
    }

    @FunctionName("RequestPasswordReset")
    public HttpResponseMessage requestReset(
            @HttpTrigger(name = "request", methods = HttpMethod.POST, route = "v1/auth/password-reset/request", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            call.admit(RateLimitGroup.PASSWORD_RESET);
            String email = required(call.jsonBody(), "email");
            new FieldChecks().email("email", email.trim()).verify();
            BackendHolder.get().authentication().passwordReset().requestReset(email);
            return Reply.accepted(Map.of("accepted", true));
        });
    }

    @FunctionName("CompletePasswordReset")
    public HttpResponseMessage completeReset(
            @HttpTrigger(name = "request", methods = HttpMethod.POST, route = "v1/auth/password-reset/complete", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            call.admit(RateLimitGroup.PASSWORD_RESET);
            JsonNode body = call.jsonBody();
            BackendHolder.get().authentication().passwordReset().completeReset(required(body, "token"), required(body, "newPassword"));
            return Reply.noContent();
        });
    }

    @FunctionName("EnrollMfa")
    public HttpResponseMessage enrollMfa(
            @HttpTrigger(name = "request", methods = HttpMethod.POST, route = "v1/auth/mfa/enroll", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            JsonNode body = call.optionalJsonBody();
            Optional<String> mfaToken = JsonFields.text(body, "mfaToken");
            var mfa = BackendHolder.get().authentication().mfaEnrollment();
            return Reply.ok(mfaToken.isPresent() ? mfa.enroll(mfaToken.get()) : mfa.enroll(call.caller(), JsonFields.text(body, "currentTotp")));
        });
    }

    @FunctionName("ActivateMfa")
    public HttpResponseMessage activateMfa(
            @HttpTrigger(name = "request", methods = HttpMethod.POST, route = "v1/auth/mfa/activate", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            JsonNode body = call.jsonBody();
            String totp = required(body, "totp");
            Optional<String> mfaToken = JsonFields.text(body, "mfaToken");
            var mfa = BackendHolder.get().authentication().mfaEnrollment();
            if (mfaToken.isPresent()) {
                call.admit(RateLimitGroup.SIGN_IN);
                return Reply.ok(mfa.activate(mfaToken.get(), totp));
            }
            mfa.activate(call.caller(), totp);
            return Reply.noContent();
        });
    }

    @FunctionName("Me")
    public HttpResponseMessage me(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "v1/auth/me", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> Reply.ok(BackendHolder.get().users().me(call.caller())));
    }

    @FunctionName("Jwks")
    public HttpResponseMessage jwks(
            @HttpTrigger(name = "request", methods = HttpMethod.GET, route = "v1/auth/jwks", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> Reply.text(200, "application/jwk-set+json",
                BackendHolder.get().authentication().signingKeys().jwks()));
    }

    private static String required(JsonNode body, String field) {
        return JsonFields.text(body, field).filter(value -> !value.isBlank()).orElseThrow(() -> Invalid.field(field, "is required"));
    }
}
