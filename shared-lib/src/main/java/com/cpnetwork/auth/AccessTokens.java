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
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.UUID;

/**
 * Issues and verifies access tokens: RS256 JWTs with {@code kid}, living two hours, carrying {@code sub}, {@code org},
 * {@code role}, {@code iat}, {@code exp}, {@code jti}, {@code iss} and {@code aud}. Verification accepts only RS256
 * (so {@code alg: none} and HS256 tokens are refused), only known key ids, the configured issuer and audience, and at
 * most 60 seconds of clock skew. Thread-safe.
 */
public final class AccessTokens {

    public static final Duration LIFETIME = Duration.ofHours(2);
    private static final JOSEObjectType TYPE = new JOSEObjectType("at+jwt");

    private final SigningKeys keys;
    private final String issuer;
    private final String audience;
    private final Clock clock;
    private final RSASSASigner signer;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

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
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(keys.verificationKeys())));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "org", "role", "iat", "exp", "jti")) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew(60);
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

    /** The caller a token speaks for; any doubt about the token is a 401. */
    public Caller verify(String token) {
        try {
            JWTClaimsSet claims = processor.process(token, null);
            return new Caller(UUID.fromString(claims.getSubject()), UUID.fromString(claims.getStringClaim("org")),
                    Role.valueOf(claims.getStringClaim("role")));
        } catch (ParseException | BadJOSEException | JOSEException | IllegalArgumentException | NullPointerException e) {
            throw new Unauthorized("INVALID_TOKEN", "The access token is missing, malformed, expired or not ours");
        }
    }
}
