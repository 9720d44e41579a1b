package com.cpnetwork.auth;

import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Role;
import com.cpnetwork.platform.errors.Unauthorized;
import com.cpnetwork.users.User;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues and verifies access tokens: RS256 JWTs with {@code kid}, living two hours, carrying {@code sub}, {@code org},
 * {@code role}, {@code iat}, {@code exp}, {@code jti}, {@code iss} and {@code aud}. Verification accepts only RS256
 * (so {@code alg: none} and HS256 tokens are refused), only a {@code kid} we know, the configured issuer and audience,
 * at most 60 seconds of clock skew, no {@code iat} in the future and no lifetime beyond two hours. Thread-safe.
 */
public final class AccessTokens {

    public static final Duration LIFETIME = Duration.ofHours(2);
    private static final JOSEObjectType TYPE = new JOSEObjectType("at+jwt");
    private static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(60);
    /** Verified tokens kept per instance (see {@link #verify}). */
    private static final int REMEMBERED_TOKENS = 10_000;

    private final SigningKeys keys;
    private final String issuer;
    private final String audience;
    private final Clock clock;
    private final RSASSASigner signer;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    public AccessTokens(SigningKeys keys, String issuer, String audience, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
        try {
            this.signer = new RSASSASigner(keys.current());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("The signing key cannot sign RS256", e);
        }
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(TYPE));
        Map<String, List<RSAPublicKey>> verificationKeys = verificationKeysById(keys);
        processor.setJWSKeySelector((header, context) -> {
            if (!JWSAlgorithm.RS256.equals(header.getAlgorithm()) || header.getKeyID() == null) {
                return List.of();
            }
            return verificationKeys.getOrDefault(header.getKeyID(), List.of());
        });
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "org", "role", "iat", "exp", "jti")) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }

            @Override
            public void verify(JWTClaimsSet claimsSet, SecurityContext context) throws BadJWTException {
                super.verify(claimsSet, context);
                Instant issuedAt = claimsSet.getIssueTime().toInstant();
                if (issuedAt.isAfter(clock.instant().plus(MAX_CLOCK_SKEW))) {
                    throw new BadJWTException("Issued in the future");
                }
                if (Duration.between(issuedAt, claimsSet.getExpirationTime().toInstant()).compareTo(LIFETIME) > 0) {
                    throw new BadJWTException("Lives longer than an access token may");
                }
            }
        };
        claims.setMaxClockSkew((int) MAX_CLOCK_SKEW.toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    public String issue(User user) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(user.id().toString())
                .claim("org", user.orgId().toString())
                .claim("role", user.role().name())
                .issuer(issuer)
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keys.current().getKeyID()).type(TYPE).build(), claims);
        try {
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Signing an access token failed", e);
        }
    }

    /**
     * The public keys by key id, parsed once: every request verifies a token, and rebuilding a key from its JWK each
     * time (Base64 and BigInteger work) showed up in profiles. A token without a kid, or with one we do not know,
     * finds no key and is refused.
     */
    private static Map<String, List<RSAPublicKey>> verificationKeysById(SigningKeys keys) {
        Map<String, List<RSAPublicKey>> byId = new HashMap<>();
        for (JWK key : keys.verificationKeys().getKeys()) {
            try {
                byId.put(key.getKeyID(), List.of(key.toRSAKey().toRSAPublicKey()));
            } catch (JOSEException e) {
                throw new IllegalArgumentException("Signing key " + key.getKeyID() + " is not a usable RSA public key", e);
            }
        }
        return Map.copyOf(byId);
    }

    /**
     * The caller a token speaks for; any doubt about the token is a 401. A token verified before is recognised by its
     * exact text until it expires (with the same clock skew), without checking its signature and claims again: a
     * client sends the same token for up to two hours, and the RSA check and claims parsing were a fifth of a read's
     * CPU in profiles. Whether the account may still act is not part of this; every request checks it in the database.
     */
    public Caller verify(String token) {
        Verified known = token == null ? null : verified.get(token);
        if (known != null && clock.instant().isBefore(known.usableUntil())) {
            return known.caller();
        }
        try {
            JWTClaimsSet claims = processor.process(token, null);
            Caller caller = new Caller(UUID.fromString(claims.getSubject()), UUID.fromString(claims.getStringClaim("org")),
                    Role.valueOf(claims.getStringClaim("role")));
            remember(token, new Verified(caller, claims.getExpirationTime().toInstant().plus(MAX_CLOCK_SKEW)));
            return caller;
        } catch (ParseException | BadJOSEException | JOSEException | IllegalArgumentException | NullPointerException e) {
            throw new Unauthorized("INVALID_TOKEN", "The access token is missing, malformed, expired or not ours");
        }
    }

    private void remember(String token, Verified caller) {
        if (verified.size() >= REMEMBERED_TOKENS) {
            // A crude bound (tokens are ~0.5 KB): starting over costs one RSA check per active client.
            verified.clear();
        }
        verified.put(token, caller);
    }

    /** A token's caller, and the instant from which the token counts as expired. */
    private record Verified(Caller caller, Instant usableUntil) {
    }
}
