package com.cpnetwork.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Random secrets and their stored forms. High-entropy tokens are stored as SHA-256; low-entropy secrets (6-digit
 * codes) and identifiers are stored as HMAC-SHA256 under a server key, so a copy of the database alone cannot
 * brute-force them. Thread-safe.
 */
public final class Secrets {

    private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec hmacKey;

    public Secrets(byte[] hmacKey) {
        if (hmacKey.length < 32) {
            throw new IllegalArgumentException("The HMAC key must be at least 32 bytes");
        }
        this.hmacKey = new SecretKeySpec(hmacKey.clone(), "HmacSHA256");
    }

    /** A URL-safe token with 256 bits of entropy. */
    public String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return URL_SAFE.encodeToString(bytes);
    }

    /** {@code digits} decimal digits, uniformly random, leading zeros kept. */
    public String newDigits(int digits) {
        StringBuilder code = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            code.append(random.nextInt(10));
        }
        return code.toString();
    }

    /** The stored form of a high-entropy token. */
    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The stored form of a guessable secret or of an identifier we look up by but do not want to keep in clear. */
    public String hmac(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hmacKey);
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Compares in time independent of where the inputs differ. */
    public static boolean sameSecret(String expected, String actual) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }
}
