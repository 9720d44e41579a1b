package com.cpnetwork.auth;

import com.cpnetwork.platform.config.SettingsReader;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Sign-in configuration. Keys and secrets come from Key Vault references in Azure; locally from files that
 * {@code ./run-local} generates. Secret values never appear in {@link #toString()}.
 *
 * @param secret       HMAC key for sign-in codes and identifiers (at least 32 bytes)
 * @param publicAppUrl base of links in emails (password reset)
 */
public record AuthSettings(SigningKeys keys, String issuer, String audience, byte[] secret, URI publicAppUrl) {

    public static final String SIGNING_KEY = "JWT_SIGNING_KEY";
    public static final String SIGNING_KEY_FILE = "JWT_SIGNING_KEY_FILE";
    public static final String PREVIOUS_KEYS = "JWT_PREVIOUS_KEYS";
    public static final String ISSUER = "JWT_ISSUER";
    public static final String AUDIENCE = "JWT_AUDIENCE";
    public static final String SECRET = "AUTH_SECRET";
    public static final String PUBLIC_APP_URL = "PUBLIC_APP_URL";

    @Override
    public String toString() {
        return "AuthSettings[issuer=" + issuer + ", audience=" + audience + ", publicAppUrl=" + publicAppUrl + "]";
    }

    public static AuthSettings read(SettingsReader settings) {
        Optional<String> key = settings.optional(SIGNING_KEY).or(() -> settings.optional(SIGNING_KEY_FILE).flatMap(file -> readFile(settings, file)));
        SigningKeys keys = null;
        if (key.isEmpty()) {
            settings.problem(SIGNING_KEY + " (a private RSA JWK with a kid) or " + SIGNING_KEY_FILE + " is required");
        } else {
            try {
                keys = SigningKeys.parse(key.get(), settings.optional(PREVIOUS_KEYS, ""));
            } catch (IllegalArgumentException e) {
                settings.problem(e.getMessage());
            }
        }
        String secret = settings.required(SECRET);
        if (!secret.isEmpty() && secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            settings.problem(SECRET + " must be at least 32 characters");
        }
        return new AuthSettings(keys, settings.optional(ISSUER, "cpnetwork"), settings.optional(AUDIENCE, "cpnetwork-api"),
                secret.getBytes(StandardCharsets.UTF_8),
                settings.optionalUri(PUBLIC_APP_URL).orElse(URI.create("http://localhost:7071")));
    }

    private static Optional<String> readFile(SettingsReader settings, String file) {
        try {
            return Optional.of(Files.readString(Path.of(file)));
        } catch (IOException e) {
            settings.problem(SIGNING_KEY_FILE + " points at " + file + ", which cannot be read");
            return Optional.empty();
        }
    }
}
