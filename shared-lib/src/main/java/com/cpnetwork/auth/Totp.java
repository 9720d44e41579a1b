package com.cpnetwork.auth;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/** RFC 6238 codes as authenticator apps make them: SHA-1, 6 digits, 30-second steps, one step of drift allowed. */
final class Totp {

    private static final long STEP_SECONDS = 30;
    private final TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator();
    private final SecureRandom random = new SecureRandom();
    private final Base32 base32 = new Base32();

    /** A new 160-bit secret, base32 as apps expect it. */
    String newSecret() {
        byte[] secret = new byte[20];
        random.nextBytes(secret);
        return base32.encodeAsString(secret).replace("=", "");
    }

    /** The time step whose code is {@code code} (now, one before or one after), for replay protection; empty when none. */
    OptionalLong matchingStep(String secret, String code, Instant now) {
        if (code == null || !code.matches("\\d{6}")) {
            return OptionalLong.empty();
        }
        SecretKeySpec key = new SecretKeySpec(base32.decode(secret), "HmacSHA1");
        long current = now.getEpochSecond() / STEP_SECONDS;
        try {
            for (long step = current - 1; step <= current + 1; step++) {
                if (generator.generateOneTimePasswordString(key, Instant.ofEpochSecond(step * STEP_SECONDS)).equals(code)) {
                    return OptionalLong.of(step);
                }
            }
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("Stored TOTP secret is unusable", e);
        }
        return OptionalLong.empty();
    }

    /** The {@code otpauth://} URI that authenticator apps scan as a QR code. */
    static String uri(String issuer, String account, String secret) {
        String label = encode(issuer) + ":" + encode(account);
        return "otpauth://totp/" + label + "?secret=" + secret + "&issuer=" + encode(issuer) + "&algorithm=SHA1&digits=6&period=30";
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
