package com.cpnetwork.functions.auth;

import com.cpnetwork.Backend;
import com.cpnetwork.functions.http.JsonFields;
import com.cpnetwork.functions.http.Reply;
import com.cpnetwork.platform.FieldChecks;
import com.cpnetwork.platform.Role;
import com.cpnetwork.platform.errors.Invalid;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Optional;

/**
 * {@code POST /v1/auth/login} takes several body shapes, one per step; the fields present decide which step it is.
 */
final class LoginStep {

    private LoginStep() {
    }

    static Reply answer(JsonNode body, Backend backend) {
        Optional<String> choiceToken = JsonFields.text(body, "choiceToken");
        Optional<String> mfaToken = JsonFields.text(body, "mfaToken");
        Optional<String> email = JsonFields.text(body, "email");
        Optional<String> phone = JsonFields.text(body, "phone");
        if (choiceToken.isPresent()) {
            String userId = required(body, "userId");
            return Reply.ok(backend.authentication().phoneSignIn().chooseAccount(choiceToken.get(), JsonFields.uuid("userId", userId)));
        }
        if (mfaToken.isPresent()) {
            return Reply.ok(backend.authentication().passwordSignIn().completeMfa(mfaToken.get(), required(body, "totp")));
        }
        if (email.isPresent()) {
            new FieldChecks().email("email", email.get().trim()).required("password", JsonFields.text(body, "password").orElse(null)).verify();
            return Reply.ok(backend.authentication().passwordSignIn().signIn(email.get(), JsonFields.text(body, "password").orElseThrow()));
        }
        if (phone.isPresent()) {
            Optional<String> otp = JsonFields.text(body, "otp");
            if (otp.isEmpty()) {
                return Reply.accepted(backend.authentication().phoneSignIn().requestCode(phone.get()));
            }
            return Reply.ok(backend.authentication().phoneSignIn().verifyCode(phone.get(), otp.get(), role(body)));
        }
        throw new Invalid("VALIDATION_FAILED", "Send {phone}, {phone, otp}, {email, password}, {mfaToken, totp} or {choiceToken, userId}");
    }

    private static String required(JsonNode body, String field) {
        return JsonFields.text(body, field).orElseThrow(() -> Invalid.field(field, "is required"));
    }

    private static Optional<Role> role(JsonNode body) {
        return JsonFields.text(body, "role").map(text -> Arrays.stream(Role.values())
                .filter(role -> role.name().equals(text) && Role.PHONE_SIGN_IN.contains(role)).findFirst()
                .orElseThrow(() -> Invalid.field("role", "must be CP or CUSTOMER")));
    }
}
