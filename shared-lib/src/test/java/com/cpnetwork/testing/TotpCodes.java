package com.cpnetwork.testing;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.security.InvalidKeyException;
import java.time.Instant;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/** What an authenticator app shows for a base32 secret at a given time (RFC 6238, SHA-1, 6 digits, 30 s). */
public final class TotpCodes {

    private TotpCodes() {
    }

    public static String at(String base32Secret, Instant time) {
        try {
            return new TimeBasedOneTimePasswordGenerator()
                    .generateOneTimePasswordString(new SecretKeySpec(new Base32().decode(base32Secret), "HmacSHA1"), time);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A six-digit code that is not the right one at {@code time} nor in the steps around it. */
    public static String wrongAt(String base32Secret, Instant time) {
        for (int candidate = 0; ; candidate++) {
            String code = String.format("%06d", candidate);
            if (!code.equals(at(base32Secret, time)) && !code.equals(at(base32Secret, time.minusSeconds(30)))
                    && !code.equals(at(base32Secret, time.plusSeconds(30)))) {
                return code;
            }
        }
    }
}
