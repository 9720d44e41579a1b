package com.cpnetwork.functions.auth;

import com.cpnetwork.Backend;
import com.cpnetwork.functions.http.ApiRequest;
import com.cpnetwork.functions.http.RequestFields;
import com.cpnetwork.functions.http.Reply;
import com.cpnetwork.platform.FieldChecks;
import com.cpnetwork.platform.Role;
import com.cpnetwork.platform.errors.Invalid;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /v1/auth/login} takes several body shapes, one per step; the fields present decide which step it is.
 */
final class LoginStep {

    /** The fields of every shape; which are present decides the step. */
    private record Login(Optional<String> choiceToken, Optional<UUID> userId, Optional<String> mfaToken, Optional<String> totp,
                         Optional<String> email, Optional<String> password, Optional<String> phone, Optional<String> otp,
                         Optional<Role> role) {
    }

    private LoginStep() {
    }

    static Reply answer(ApiRequest call, Backend backend) {
        Login login = call.read(LoginStep::read);
        if (login.choiceToken().isPresent()) {
            return Reply.ok(backend.authentication().phoneSignIn().chooseAccount(login.choiceToken().get(), login.userId().orElseThrow()));
        }
        if (login.mfaToken().isPresent()) {
            return Reply.ok(backend.authentication().passwordSignIn().completeMfa(login.mfaToken().get(), login.totp().orElseThrow()));
        }
        if (login.email().isPresent()) {
            return Reply.ok(backend.authentication().passwordSignIn().signIn(login.email().get(), login.password().orElseThrow()));
        }
        if (login.phone().isPresent()) {
            if (login.otp().isEmpty()) {
                return Reply.accepted(backend.authentication().phoneSignIn().requestCode(login.phone().get()));
            }
            return Reply.ok(backend.authentication().phoneSignIn().verifyCode(login.phone().get(), login.otp().get(), login.role()));
        }
        throw new Invalid("VALIDATION_FAILED", "Send {phone}, {phone, otp}, {email, password}, {mfaToken, totp} or {choiceToken, userId}");
    }

    /** Reads the step's fields; a field the step needs but lacks is named with the rest of the request's problems. */
    private static Login read(RequestFields body) {
        Optional<String> choiceToken = body.text("choiceToken");
        Optional<String> mfaToken = body.text("mfaToken");
        Optional<String> email = body.text("email");
        Optional<String> phone = body.text("phone");
        Optional<UUID> userId = choiceToken.isPresent() ? required(body, "userId", body.uuid("userId")) : Optional.empty();
        Optional<String> totp = mfaToken.isPresent() ? required(body, "totp", body.text("totp")) : Optional.empty();
        Optional<String> password = Optional.empty();
        if (email.isPresent() && choiceToken.isEmpty() && mfaToken.isEmpty()) {
            password = required(body, "password", body.text("password"));
            new FieldChecks().email("email", email.get().trim()).problems().forEach(body::problem);
        }
        Optional<Role> role = body.enumValue("role", Role.class).filter(r -> {
            if (!Role.PHONE_SIGN_IN.contains(r)) {
                body.problem("role", "must be CP or CUSTOMER");
                return false;
            }
            return true;
        });
        return new Login(choiceToken, userId, mfaToken, totp, email, password, phone, body.text("otp"), role);
    }

    private static <T> Optional<T> required(RequestFields body, String field, Optional<T> value) {
        if (value.isEmpty() || value.get() instanceof String text && text.isBlank()) {
            body.problem(field, "is required");
            return Optional.empty();
        }
        return value;
    }
}
