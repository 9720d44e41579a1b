package com.cpnetwork.auth;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.JOSEException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The key access tokens are signed with (EC P-256, ES256) and the previous keys still accepted during a rotation.
 * Keys are JWKs from settings (Key Vault in Azure); {@link #jwks()} publishes only their public halves.
 */
public final class SigningKeys {

    private final ECKey current;
    private final List<ECKey> previous;

    private SigningKeys(ECKey current, List<ECKey> previous) {
        this.current = current;
        this.previous = List.copyOf(previous);
    }

    /**
     * @param currentJwk  the private signing key as a JWK JSON object, with a {@code kid}
     * @param previousSet a JWK Set JSON of earlier public keys (may be empty)
     * @throws IllegalArgumentException naming what is wrong with the keys
     */
    public static SigningKeys parse(String currentJwk, String previousSet) {
        ECKey current = parseKey(currentJwk);
        if (!current.isPrivate()) {
            throw new IllegalArgumentException("JWT_SIGNING_KEY must hold the private key (the 'd' member)");
        }
        List<ECKey> previous = new ArrayList<>();
        if (previousSet != null && !previousSet.isBlank()) {
            try {
                for (JWK key : JWKSet.parse(previousSet).getKeys()) {
                    previous.add(requireUsable(key.toECKey()).toPublicJWK());
                }
            } catch (ParseException | IllegalStateException | ClassCastException e) {
                throw new IllegalArgumentException("JWT_PREVIOUS_KEYS is not a JWK Set of EC P-256 keys with kid: " + e.getMessage());
            }
        }
        return new SigningKeys(current, previous);
    }

    /** A new random P-256 key as a private JWK JSON string; for local development keys, never for production. */
    public static String generatePrivateJwk() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID("dev-" + UUID.randomUUID()).generate().toJSONString();
        } catch (JOSEException e) {
            throw new IllegalStateException("P-256 key generation is part of every JDK", e);
        }
    }

    ECKey current() {
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

    private static ECKey parseKey(String json) {
        try {
            return requireUsable(ECKey.parse(json));
        } catch (ParseException e) {
            throw new IllegalArgumentException("JWT_SIGNING_KEY is not an EC JWK: " + e.getMessage());
        }
    }

    private static ECKey requireUsable(ECKey key) {
        if (!Curve.P_256.equals(key.getCurve())) {
            throw new IllegalArgumentException("signing keys must be on curve P-256 (ES256)");
        }
        if (key.getKeyID() == null || key.getKeyID().isBlank()) {
            throw new IllegalArgumentException("signing keys must have a kid");
        }
        return key;
    }
}
