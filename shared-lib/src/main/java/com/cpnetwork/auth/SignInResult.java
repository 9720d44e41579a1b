package com.cpnetwork.auth;

import com.cpnetwork.platform.Role;
import com.cpnetwork.users.User;
import java.util.List;
import java.util.UUID;

/** What a sign-in step answers: tokens, or the next step to take. */
public sealed interface SignInResult {

    /** Signed in. {@code expiresIn} is the access token's life in seconds. */
    record Tokens(String accessToken, String refreshToken, long expiresIn, String tokenType, User user) implements SignInResult {
        static Tokens of(String accessToken, String refreshToken, User user) {
            return new Tokens(accessToken, refreshToken, AccessTokens.LIFETIME.toSeconds(), "Bearer", user);
        }
    }

    /** The phone has several accounts: pick one with {@code choiceToken} and a {@code userId}. */
    record AccountChoice(List<Account> chooseAccount, String choiceToken) implements SignInResult {
    }

    /** One account on offer, with its organization's name to tell them apart. */
    record Account(UUID userId, String name, Role role, String organizationName) {
    }

    /** The password was right; now the TOTP code with {@code mfaToken}. */
    record MfaRequired(boolean mfaRequired, String mfaToken) implements SignInResult {
    }

    /** The organization requires TOTP and this account has none: enroll and activate with {@code mfaToken}. */
    record MfaEnrollmentRequired(boolean mfaEnrollmentRequired, String mfaToken) implements SignInResult {
    }
}
