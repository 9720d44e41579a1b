package com.cpnetwork.functions.auth;

import com.cpnetwork.functions.BackendHolder;
import com.cpnetwork.functions.http.Api;
import com.cpnetwork.functions.http.Reply;
import com.cpnetwork.platform.FieldChecks;
import com.cpnetwork.platform.ratelimit.RateLimitGroup;
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
            return LoginStep.answer(call, BackendHolder.get());
        });
    }

    @FunctionName("RefreshTokens")
    public HttpResponseMessage refresh(
            @HttpTrigger(name = "request", methods = HttpMethod.POST, route = "v1/auth/refresh", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            call.admit(RateLimitGroup.SIGN_IN);
            return Reply.ok(BackendHolder.get().authentication().sessions().refresh(call.read(body -> body.required("refreshToken"))));
        });
    }

    @FunctionName("Logout")
    public HttpResponseMessage logout(
            @HttpTrigger(name = "request", methods = HttpMethod.POST, route = "v1/auth/logout", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            call.admit(RateLimitGroup.SIGN_IN);
            BackendHolder.get().authentication().sessions().logout(call.read(body -> body.required("refreshToken")));
            return Reply.noContent();
        });
    }

    @FunctionName("RequestPasswordReset")
    public HttpResponseMessage requestReset(
            @HttpTrigger(name = "request", methods = HttpMethod.POST, route = "v1/auth/password-reset/request", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            call.admit(RateLimitGroup.PASSWORD_RESET);
            String email = call.read(body -> body.required("email"));
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
            NewPassword reset = call.read(body -> new NewPassword(body.required("token"), body.required("newPassword")));
            BackendHolder.get().authentication().passwordReset().completeReset(reset.token(), reset.newPassword());
            return Reply.noContent();
        });
    }

    @FunctionName("EnrollMfa")
    public HttpResponseMessage enrollMfa(
            @HttpTrigger(name = "request", methods = HttpMethod.POST, route = "v1/auth/mfa/enroll", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            MfaStep step = call.readOptional(body -> new MfaStep(body.text("mfaToken"), body.text("currentTotp")));
            var mfa = BackendHolder.get().authentication().mfaEnrollment();
            return Reply.ok(step.mfaToken().isPresent() ? mfa.enroll(step.mfaToken().get()) : mfa.enroll(call.caller(), step.totp()));
        });
    }

    @FunctionName("ActivateMfa")
    public HttpResponseMessage activateMfa(
            @HttpTrigger(name = "request", methods = HttpMethod.POST, route = "v1/auth/mfa/activate", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            MfaStep step = call.read(body -> new MfaStep(body.text("mfaToken"), Optional.ofNullable(body.required("totp"))));
            var mfa = BackendHolder.get().authentication().mfaEnrollment();
            if (step.mfaToken().isPresent()) {
                call.admit(RateLimitGroup.SIGN_IN);
                return Reply.ok(mfa.activate(step.mfaToken().get(), step.totp().orElseThrow()));
            }
            mfa.activate(call.caller(), step.totp().orElseThrow());
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

    private record NewPassword(String token, String newPassword) {
    }

    /** A TOTP step: the sign-in's MFA token when enrolling during sign-in, and the code. */
    private record MfaStep(Optional<String> mfaToken, Optional<String> totp) {
    }
}
