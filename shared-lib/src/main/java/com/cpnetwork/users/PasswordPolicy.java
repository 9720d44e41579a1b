package com.cpnetwork.users;

import com.cpnetwork.platform.errors.Invalid;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What a password must be: 10 to 128 characters, not the account's email, not a commonly used password. */
public final class PasswordPolicy {

    static final int MIN_LENGTH = 10;
    static final int MAX_LENGTH = 128;

    private final Set<String> commonPasswords = load();

    /** Throws a 400 naming {@code field} when {@code password} breaks a rule. */
    public void check(String field, String password, String email) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw Invalid.field(field, "must be at least " + MIN_LENGTH + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            throw Invalid.field(field, "must be at most " + MAX_LENGTH + " characters");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (email != null && (lower.contains(email.toLowerCase(Locale.ROOT)) || lower.equals(localPart(email)))) {
            throw Invalid.field(field, "must not be the email address");
        }
        if (commonPasswords.contains(lower)) {
            throw Invalid.field(field, "is too common; choose another");
        }
    }

    private static String localPart(String email) {
        int at = email.indexOf('@');
        return (at < 0 ? email : email.substring(0, at)).toLowerCase(Locale.ROOT);
    }

    private static Set<String> load() {
        try (InputStream stream = PasswordPolicy.class.getResourceAsStream("/users/common-passwords.txt");
             BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            return reader.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.trim().toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException("The common-password list is missing from the jar", e);
        }
    }
}
