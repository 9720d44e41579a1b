package com.cpnetwork.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Role;
import com.cpnetwork.platform.errors.Unauthorized;
import com.cpnetwork.platform.json.Json;
import com.cpnetwork.testing.MutableClock;
import com.cpnetwork.users.User;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Access tokens: what we issue verifies to its caller; anything else is a 401, whatever it claims. */
class AccessTokensTest {

    private static final String ISSUER = "cpnetwork";
    private static final String AUDIENCE = "cpnetwork-api";

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-21T10:00:00Z"));
    private final String signingJwk = SigningKeys.generatePrivateJwk();
    private final AccessTokens tokens = new AccessTokens(SigningKeys.parse(signingJwk, ""), ISSUER, AUDIENCE, clock);
    private final User kam = aUser(Role.KAM);

    @Test
    void aFreshTokenVerifiesToItsCaller() {
        String token = tokens.issue(kam);

        assertThat(tokens.verify(token)).isEqualTo(new Caller(kam.id(), kam.orgId(), Role.KAM));
    }

    @Test
    void aTokenCarriesTheAgreedClaimsAndHeader() throws Exception {
        SignedJWT jwt = SignedJWT.parse(tokens.issue(kam));

        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(RSAKey.parse(signingJwk).getKeyID());
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo(kam.id().toString());
        assertThat(claims.getStringClaim("org")).isEqualTo(kam.orgId().toString());
        assertThat(claims.getStringClaim("role")).isEqualTo("KAM");
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(clock.instant());
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(clock.instant().plus(Duration.ofHours(2)));
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(SignedJWT.parse(tokens.issue(kam)).getJWTClaimsSet().getJWTID()).isNotEqualTo(claims.getJWTID());
    }

    @Test
    void aTokenVerifiedBeforeIsRefusedOnceItsTwoHoursAndTheSkewArePast() {
        String token = tokens.issue(kam);
        assertThat(tokens.verify(token)).isEqualTo(new Caller(kam.id(), kam.orgId(), Role.KAM));

        clock.advance(Duration.ofHours(2).plusSeconds(59));
        assertThat(tokens.verify(token)).isEqualTo(new Caller(kam.id(), kam.orgId(), Role.KAM));

        clock.advance(Duration.ofSeconds(1));
        assertInvalid(token);
    }

    @Test
    void aTokenThatDiffersFromAVerifiedOneInOneCharacterIsStillChecked() {
        String token = tokens.issue(kam);
        tokens.verify(token);
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");

        assertInvalid(tampered);
    }

    @Test
    void aTokenPastItsTwoHoursAndTheSkewIsRefused() {
        String token = tokens.issue(kam);

        clock.advance(Duration.ofHours(2).plusSeconds(61));

        assertInvalid(token);
    }

    @Test
    void aTokenWithinSixtySecondsOfSkewIsAccepted() {
        String token = tokens.issue(kam);

        clock.advance(Duration.ofHours(2).plusSeconds(59));

        assertThat(tokens.verify(token).userId()).isEqualTo(kam.id());
    }

    @Test
    void anUnsignedTokenIsRefused() {
        String unsigned = new PlainJWT(new PlainHeader.Builder().type(new JOSEObjectType("at+jwt")).build(), claims(builder -> { })).serialize();

        assertInvalid(unsigned);
        assertInvalid(unsigned.replace(".", "") + ".");
    }

    @Test
    void anHmacTokenKeyedWithOurPublicKeyIsRefused() throws Exception {
        RSAKey publicKey = RSAKey.parse(signingJwk).toPublicJWK();
        byte[] derPublicKey = publicKey.toRSAPublicKey().getEncoded();
        byte[] jwkPublicKey = publicKey.toJSONString().getBytes(StandardCharsets.UTF_8);

        for (byte[] secret : List.of(derPublicKey, jwkPublicKey)) {
            assertInvalid(sign(new MACSigner(secret), JWSAlgorithm.HS256, publicKey.getKeyID(), claims(builder -> { })));
        }
    }

    @Test
    void aTokenSignedWithAnUnknownKeyIsRefused() throws Exception {
        RSAKey stranger = RSAKey.parse(SigningKeys.generatePrivateJwk());
        String ourKid = RSAKey.parse(signingJwk).getKeyID();

        assertInvalid(sign(new RSASSASigner(stranger), JWSAlgorithm.RS256, stranger.getKeyID(), claims(builder -> { })));
        assertInvalid(sign(new RSASSASigner(stranger), JWSAlgorithm.RS256, ourKid, claims(builder -> { })));
    }

    @Test
    void ourKeyWithTheWrongIssuerAudienceOrTypeIsRefused() throws Exception {
        RSASSASigner ourKey = new RSASSASigner(RSAKey.parse(signingJwk));
        String kid = RSAKey.parse(signingJwk).getKeyID();

        assertThat(tokens.verify(sign(ourKey, JWSAlgorithm.RS256, kid, claims(builder -> { })))).isNotNull();
        assertInvalid(sign(ourKey, JWSAlgorithm.RS256, kid, claims(builder -> builder.issuer("someone-else"))));
        assertInvalid(sign(ourKey, JWSAlgorithm.RS256, kid, claims(builder -> builder.audience("another-api"))));
        assertInvalid(sign(ourKey, JWSAlgorithm.RS256, kid, claims(builder -> builder.audience((String) null))));
        assertInvalid(sign(ourKey, JWSAlgorithm.RS256, kid, claims(builder -> builder.jwtID(null))));
        assertInvalid(sign(ourKey, JWSAlgorithm.RS256, kid, claims(builder -> builder.claim("role", "SUPERUSER"))));
        assertInvalid(sign(ourKey, JWSAlgorithm.RS256, kid, claims(builder -> builder.claim("org", "not-a-uuid"))));
        SignedJWT untyped = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims(builder -> { }));
        untyped.sign(ourKey);
        assertInvalid(untyped.serialize());
    }

    @Test
    void aTokenIssuedInTheFutureIsRefused() throws Exception {
        RSASSASigner ourKey = new RSASSASigner(RSAKey.parse(signingJwk));
        String kid = RSAKey.parse(signingJwk).getKeyID();
        Instant later = clock.instant().plus(Duration.ofMinutes(10));

        assertInvalid(sign(ourKey, JWSAlgorithm.RS256, kid, claims(builder -> builder.issueTime(Date.from(later))
                .expirationTime(Date.from(later.plus(Duration.ofHours(1)))))));
        Instant withinSkew = clock.instant().plusSeconds(30);
        assertThat(tokens.verify(sign(ourKey, JWSAlgorithm.RS256, kid, claims(builder -> builder.issueTime(Date.from(withinSkew))
                .expirationTime(Date.from(withinSkew.plus(Duration.ofHours(1)))))))).isNotNull();
    }

    @Test
    void aTokenLivingLongerThanTwoHoursIsRefused() throws Exception {
        RSASSASigner ourKey = new RSASSASigner(RSAKey.parse(signingJwk));
        String kid = RSAKey.parse(signingJwk).getKeyID();

        assertInvalid(sign(ourKey, JWSAlgorithm.RS256, kid, claims(builder -> builder
                .expirationTime(Date.from(clock.instant().plus(Duration.ofHours(2)).plusSeconds(1))))));
        assertInvalid(sign(ourKey, JWSAlgorithm.RS256, kid, claims(builder -> builder
                .expirationTime(Date.from(clock.instant().plus(Duration.ofDays(365)))))));
    }

    @Test
    void aTokenWithoutKeyIdIsRefusedEvenWhenSignedWithOurKey() throws Exception {
        RSASSASigner ourKey = new RSASSASigner(RSAKey.parse(signingJwk));

        assertInvalid(sign(ourKey, JWSAlgorithm.RS256, null, claims(builder -> { })));
    }

    @Test
    void aTamperedPayloadIsRefused() throws Exception {
        String[] parts = tokens.issue(kam).split("\\.");
        JsonNode payload = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
        String forged = Json.MAPPER.writeValueAsString(((com.fasterxml.jackson.databind.node.ObjectNode) payload).put("role", "ADMIN"));

        assertInvalid(parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2]);
    }

    @Test
    void garbageIsRefused() {
        for (String garbage : new String[] {"", "abc", "a.b.c", "Bearer x.y.z"}) {
            assertInvalid(garbage);
        }
        assertInvalid(null);
    }

    @Test
    void aTokenSignedByTheRotatedOutKeyIsStillAcceptedAfterRotation() throws Exception {
        String oldToken = tokens.issue(kam);
        String newJwk = SigningKeys.generatePrivateJwk();
        String previous = new JWKSet(RSAKey.parse(signingJwk).toPublicJWK()).toString(true);

        AccessTokens rotated = new AccessTokens(SigningKeys.parse(newJwk, previous), ISSUER, AUDIENCE, clock);

        assertThat(rotated.verify(oldToken).userId()).isEqualTo(kam.id());
        String newToken = rotated.issue(kam);
        assertThat(SignedJWT.parse(newToken).getHeader().getKeyID()).isEqualTo(RSAKey.parse(newJwk).getKeyID());
        assertThat(rotated.verify(newToken).userId()).isEqualTo(kam.id());
        assertInvalid(newToken); // an instance that has not rotated yet does not know the new key
        AccessTokens rotationFinished = new AccessTokens(SigningKeys.parse(newJwk, ""), ISSUER, AUDIENCE, clock);
        assertThatThrownBy(() -> rotationFinished.verify(oldToken)).isInstanceOf(Unauthorized.class);
    }

    @Test
    void theJwksListsTheCurrentAndPreviousKeysWithoutPrivateParts() throws Exception {
        String newJwk = SigningKeys.generatePrivateJwk();
        String previousWithPrivatePart = "{\"keys\":[" + signingJwk + "]}";

        SigningKeys keys = SigningKeys.parse(newJwk, previousWithPrivatePart);
        JsonNode jwks = Json.MAPPER.readTree(keys.jwks());

        assertThat(jwks.path("keys")).hasSize(2);
        assertThat(jwks.path("keys").findValuesAsText("kid"))
                .containsExactly(RSAKey.parse(newJwk).getKeyID(), RSAKey.parse(signingJwk).getKeyID());
        for (JsonNode key : jwks.path("keys")) {
            assertThat(key.has("d")).isFalse();
            assertThat(key.path("kty").asText()).isEqualTo("RSA");
            assertThat(key.has("p")).isFalse();
            assertThat(key.has("q")).isFalse();
        }
        assertThat(keys.jwks()).doesNotContain(RSAKey.parse(newJwk).getPrivateExponent().toString());
    }

    @Test
    void unusableKeysAreRefusedAtStartUp() throws Exception {
        String publicOnly = RSAKey.parse(signingJwk).toPublicJWK().toJSONString();
        String withoutKid = new RSAKey.Builder(RSAKey.parse(signingJwk)).keyID(null).build().toJSONString();

        assertThatThrownBy(() -> SigningKeys.parse(publicOnly, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SigningKeys.parse(withoutKid, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SigningKeys.parse("not json", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SigningKeys.parse(signingJwk, "{\"keys\":[" + withoutKid + "]}")).isInstanceOf(IllegalArgumentException.class);
        String symmetric = new OctetSequenceKeyGenerator(256).keyID("hmac-key").generate().toJSONString();
        assertThatThrownBy(() -> SigningKeys.parse(signingJwk, "{\"keys\":[" + symmetric + "]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JWT_PREVIOUS_KEYS");
        assertThatThrownBy(() -> SigningKeys.parse(symmetric, "")).isInstanceOf(IllegalArgumentException.class);
        String tooShort = new RSAKeyGenerator(1024, true).keyID("short").generate().toJSONString();
        assertThatThrownBy(() -> SigningKeys.parse(tooShort, "")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2048");
    }

    private void assertInvalid(String token) {
        assertThatThrownBy(() -> tokens.verify(token))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_TOKEN"));
    }

    /** The claims we issue for {@link #kam}, changed by {@code change}. */
    private JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .subject(kam.id().toString())
                .claim("org", kam.orgId().toString())
                .claim("role", "KAM")
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .issueTime(Date.from(clock.instant()))
                .expirationTime(Date.from(clock.instant().plus(Duration.ofHours(2))))
                .jwtID(UUID.randomUUID().toString());
        change.accept(builder);
        return builder.build();
    }

    private static String sign(JWSSigner signer, JWSAlgorithm algorithm, String kid, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(kid).type(new JOSEObjectType("at+jwt")).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private User aUser(Role role) {
        return new User(UUID.randomUUID(), UUID.randomUUID(), role, "Kiran", "kiran@example.com", null, null, null, true, false, false,
                clock.instant(), clock.instant());
    }
}
