package com.cpnetwork.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The key access tokens are signed with (RSA, RS256, at least 2048 bits) and the previous keys still accepted
 * during a rotation. Keys are JWKs from settings (Key Vault in Azure); {@link #jwks()} publishes only their public
 * halves. RS256 because every request verifies a token and RSA verification is cheap (docs/decisions/0008).
 */
public final class SigningKeys {

    static final int MIN_BITS = 2048;

    private final RSAKey current;
    private final List<RSAKey> previous;

    private SigningKeys(RSAKey current, List<RSAKey> previous) {
        this.current = current;
        this.previous = List.copyOf(previous);
    }

    /**
     * @param currentJwk  the private signing key as an RSA JWK JSON object, with a {@code kid}
     * @param previousSet a JWK Set JSON of earlier public keys (may be empty)
     * @throws IllegalArgumentException naming what is wrong with the keys
     */
    public static SigningKeys parse(String currentJwk, String previousSet) {
        RSAKey current = parseKey(currentJwk);
        if (!current.isPrivate()) {
            throw new IllegalArgumentException("JWT_SIGNING_KEY must hold the private key (the 'd' member)");
        }
        List<RSAKey> previous = new ArrayList<>();
        if (previousSet != null && !previousSet.isBlank()) {
            try {
                for (JWK key : JWKSet.parse(previousSet).getKeys()) {
                    previous.add(requireUsable(key.toRSAKey()).toPublicJWK());
                }
            } catch (ParseException | IllegalStateException | ClassCastException e) {
                throw new IllegalArgumentException("JWT_PREVIOUS_KEYS is not a JWK Set of RSA keys with kid: " + e.getMessage());
            }
        }
        return new SigningKeys(current, previous);
    }

    /** A new random 2048-bit RSA key as a private JWK JSON string; for local development keys, never for production. */
    public static String generatePrivateJwk() {
        try {
            return new RSAKeyGenerator(MIN_BITS).keyID("dev-" + UUID.randomUUID()).generate().toJSONString();
        } catch (JOSEException e) {
            throw new IllegalStateException("RSA key generation is part of every JDK", e);
        }
    }

    RSAKey current() {
        return current;
    }

    /** The keys a token may be signed with: the current one and the previous ones, public halves only. */
    JWKSet verificationKeys() {
        List<JWK> keys = new ArrayList<>();
        keys.add(current.toPublicJWK());
        keys.addAll(previous);
        return new JWKSet(keys);
    }

    /** The public JWK Set as JSON, for {@code GET /v1/auth/jwks}. */
    public String jwks() {
        return verificationKeys().toString(true);
    }

    private static RSAKey parseKey(String json) {
        try {
            return requireUsable(RSAKey.parse(json));
        } catch (ParseException e) {
            throw new IllegalArgumentException("JWT_SIGNING_KEY is not an RSA JWK: " + e.getMessage());
        }
    }

    private static RSAKey requireUsable(RSAKey key) {
        if (key.size() < MIN_BITS) {
            throw new IllegalArgumentException("signing keys must have at least " + MIN_BITS + " bits");
        }
        if (key.getKeyID() == null || key.getKeyID().isBlank()) {
            throw new IllegalArgumentException("signing keys must have a kid");
        }
        return key;
    }
}
