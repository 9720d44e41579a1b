package com.cpnetwork.functions.e2e;

import static com.cpnetwork.functions.e2e.ApiWorld.aPhone;
import static org.assertj.core.api.Assertions.assertThat;

import com.cpnetwork.functions.e2e.ApiWorld.Org;

import com.cpnetwork.localruntime.stack.LocalStack;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Organizations, Auth and Users sections of the contract, over HTTP against the packaged app. */
class IdentityIT {

    private static final String PASSWORD = ApiWorld.PASSWORD;

    private final RunningApp app = RunningApp.get();
    private final ApiClient api = app.api();
    private final ApiWorld world = new ApiWorld(app);

    @Test
    void operatorCreatesAnOrganizationOnlyWithTheRightKey() {
        Map<String, Object> body = Map.of("name", "Sunrise", "adminEmail", "a-" + UUID.randomUUID() + "@example.com",
                "adminName", "Asha", "adminPassword", PASSWORD);

        assertThat(api.post("/v1/organizations", body, null).status()).isEqualTo(401);
        assertThat(api.send("POST", "/v1/organizations", body, null, Map.of("X-Operator-Key", "wrong")).errorCode()).isEqualTo("INVALID_OPERATOR_KEY");
        ApiClient.Response created = api.send("POST", "/v1/organizations", body, null, Map.of("X-Operator-Key", RunningApp.OPERATOR_KEY));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("adminUserId").asText()).hasSize(36);
        ApiClient.Response again = api.send("POST", "/v1/organizations", body, null, Map.of("X-Operator-Key", RunningApp.OPERATOR_KEY));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("EMAIL_TAKEN");
        ApiClient.Response weak = api.send("POST", "/v1/organizations", Map.of("name", "X", "adminEmail", "not-an-email",
                "adminName", "X", "adminPassword", "short"), null, Map.of("X-Operator-Key", RunningApp.OPERATOR_KEY));
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.json().at("/error/details").has("adminEmail")).isTrue();
    }

    @Test
    void operatorEndpointDoesNotExistWhenNoKeyIsConfigured() {
        Map<String, String> settings = new HashMap<>(app.settings());
        settings.remove("OPERATOR_API_KEY");
        try (LocalStack closed = RunningApp.start(Path.of("target", "e2e", "no-operator"), settings, false)) {
            ApiClient.Response response = new ApiClient(closed.baseUrl()).send("POST", "/v1/organizations",
                    Map.of("name", "X"), null, Map.of("X-Operator-Key", RunningApp.OPERATOR_KEY));
            assertThat(response.status()).isEqualTo(404);
        }
    }

    @Test
    void staffSignInGivesTokensAndTheProfile() {
        Org org = world.anOrganization();

        JsonNode tokens = world.tokensForPassword(org.adminEmail(), PASSWORD);
        ApiClient.Response me = api.get("/v1/auth/me", tokens.path("accessToken").asText());

        assertThat(tokens.path("expiresIn").asInt()).isEqualTo(7200);
        assertThat(tokens.path("tokenType").asText()).isEqualTo("Bearer");
        assertThat(tokens.path("user").path("role").asText()).isEqualTo("ADMIN");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("email").asText()).isEqualTo(org.adminEmail());
        assertThat(me.json().has("passwordHash")).isFalse();
        ApiClient.Response wrong = api.post("/v1/auth/login", Map.of("email", org.adminEmail(), "password", "wrong-password-1"), null);
        ApiClient.Response unknown = api.post("/v1/auth/login", Map.of("email", "nobody-" + UUID.randomUUID() + "@example.com", "password", "wrong-password-1"), null);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.json().at("/error/message").asText()).isEqualTo(wrong.json().at("/error/message").asText());
    }

    @Test
    void cpSignsInWithAnSmsCodeAndRefreshRotates() {
        Org org = world.anOrganization();
        String phone = aPhone();
        world.aUser(org, Map.of("role", "CP", "name", "Ravi", "phone", "0" + phone.substring(3), "stateCode", "MH"));

        JsonNode tokens = world.tokensForCode(phone);
        ApiClient.Response refreshed = api.post("/v1/auth/refresh", Map.of("refreshToken", tokens.path("refreshToken").asText()), null);
        ApiClient.Response reused = api.post("/v1/auth/refresh", Map.of("refreshToken", tokens.path("refreshToken").asText()), null);
        ApiClient.Response afterReuse = api.post("/v1/auth/refresh", Map.of("refreshToken", refreshed.json().path("refreshToken").asText()), null);

        assertThat(tokens.path("user").path("phone").asText()).isEqualTo(phone);
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.json().path("refreshToken").asText()).isNotEqualTo(tokens.path("refreshToken").asText());
        assertThat(reused.status()).isEqualTo(401);
        assertThat(reused.errorCode()).isEqualTo("REFRESH_TOKEN_REUSED");
        assertThat(afterReuse.status()).isEqualTo(401);
    }

    @Test
    void unknownPhoneGetsTheSame202AndNoSms() {
        String phone = aPhone();

        ApiClient.Response response = api.post("/v1/auth/login", Map.of("phone", phone), null);

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json().path("otpSent").asBoolean()).isTrue();
        assertThat(response.json().path("expiresInSeconds").asInt()).isEqualTo(300);
        RunningApp.sleep(2500);
        assertThat(app.messages()).noneMatch(message -> message.path("to").asText().equals(phone));
    }

    @Test
    void fiveWrongCodesLockThePhone() {
        Org org = world.anOrganization();
        String phone = aPhone();
        world.aUser(org, Map.of("role", "CUSTOMER", "name", "Meena", "phone", phone));
        String code = world.codeSentTo(phone);
        String wrong = code.equals("000000") ? "111111" : "000000";

        for (int attempt = 1; attempt <= 4; attempt++) {
            assertThat(api.post("/v1/auth/login", Map.of("phone", phone, "otp", wrong), null).status()).isEqualTo(401);
        }
        ApiClient.Response fifth = api.post("/v1/auth/login", Map.of("phone", phone, "otp", wrong), null);
        ApiClient.Response rightButLocked = api.post("/v1/auth/login", Map.of("phone", phone, "otp", code), null);

        assertThat(fifth.status()).isEqualTo(403);
        assertThat(fifth.errorCode()).isEqualTo("LOGIN_LOCKED");
        assertThat(rightButLocked.errorCode()).isEqualTo("LOGIN_LOCKED");
    }

    @Test
    void sharedCpPhoneOffersAChoiceOfAccounts() {
        Org first = world.anOrganization();
        Org second = world.anOrganization();
        String phone = aPhone();
        JsonNode inFirst = world.aUser(first, Map.of("role", "CP", "name", "Ravi A", "phone", phone, "stateCode", "MH"));
        world.aUser(second, Map.of("role", "CP", "name", "Ravi B", "phone", phone, "stateCode", "KA"));
        String code = world.codeSentTo(phone);

        ApiClient.Response choice = api.post("/v1/auth/login", Map.of("phone", phone, "otp", code), null);
        String choiceToken = choice.json().path("choiceToken").asText();
        ApiClient.Response chosen = api.post("/v1/auth/login", Map.of("choiceToken", choiceToken, "userId", inFirst.path("id").asText()), null);
        ApiClient.Response reused = api.post("/v1/auth/login", Map.of("choiceToken", choiceToken, "userId", inFirst.path("id").asText()), null);

        assertThat(choice.status()).isEqualTo(200);
        assertThat(choice.json().path("chooseAccount")).hasSize(2);
        assertThat(chosen.status()).isEqualTo(200);
        assertThat(chosen.json().at("/user/orgId").asText()).isEqualTo(first.id());
        assertThat(reused.status()).isEqualTo(401);
    }

    @Test
    void adminManagesUsersWithPhoneRulesAndPagination() {
        Org org = world.anOrganization();
        String phone = aPhone();
        world.aUser(org, Map.of("role", "CUSTOMER", "name", "Meena", "phone", phone));

        ApiClient.Response taken = api.post("/v1/users", Map.of("role", "CUSTOMER", "name", "Other", "phone", phone), org.adminToken());
        ApiClient.Response overridden = api.post("/v1/users?override=true", Map.of("role", "CUSTOMER", "name", "Other", "phone", phone), org.adminToken());
        ApiClient.Response badPhone = api.post("/v1/users", Map.of("role", "CP", "name", "X", "phone", "12", "stateCode", "MH"), org.adminToken());
        ApiClient.Response badRole = api.post("/v1/users", Map.of("role", "OWNER", "name", "X"), org.adminToken());
        ApiClient.Response firstPage = api.get("/v1/users?limit=2", org.adminToken());
        ApiClient.Response secondPage = api.get("/v1/users?limit=2&cursor=" + firstPage.json().path("nextCursor").asText(), org.adminToken());

        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.errorCode()).isEqualTo("PHONE_TAKEN");
        assertThat(overridden.status()).isEqualTo(201);
        assertThat(badPhone.status()).isEqualTo(400);
        assertThat(badPhone.json().at("/error/details/phone").asText()).contains("not a valid phone number");
        assertThat(badRole.json().at("/error/details/role").asText()).contains("ADMIN, KAM, CP, CUSTOMER");
        assertThat(firstPage.json().path("items")).hasSize(2);
        assertThat(secondPage.json().path("items")).hasSize(1);
        assertThat(secondPage.json().path("nextCursor").isNull()).isTrue();
    }

    @Test
    void anotherOrganizationsUsersAreInvisible() {
        Org mine = world.anOrganization();
        Org theirs = world.anOrganization();
        JsonNode theirUser = world.aUser(theirs, Map.of("role", "CP", "name", "Theirs", "phone", aPhone(), "stateCode", "MH"));

        ApiClient.Response read = api.get("/v1/users/" + theirUser.path("id").asText(), mine.adminToken());
        ApiClient.Response change = api.patch("/v1/users/" + theirUser.path("id").asText(), Map.of("name", "Hijacked"), mine.adminToken());
        ApiClient.Response list = api.get("/v1/users?limit=200", mine.adminToken());

        assertThat(read.status()).isEqualTo(404);
        assertThat(change.status()).isEqualTo(404);
        assertThat(list.json().path("items").findValuesAsText("orgId")).containsOnly(mine.id());
    }

    @Test
    void rolesAndTokensAreEnforcedOnEveryCall() {
        Org org = world.anOrganization();
        String phone = aPhone();
        world.aUser(org, Map.of("role", "CP", "name", "Ravi", "phone", phone, "stateCode", "MH"));
        String cpToken = world.tokensForCode(phone).path("accessToken").asText();

        assertThat(api.get("/v1/users", null).errorCode()).isEqualTo("MISSING_TOKEN");
        assertThat(api.get("/v1/users", "not-a-jwt").status()).isEqualTo(401);
        assertThat(api.get("/v1/users", cpToken.substring(0, cpToken.length() - 3) + "abc").status()).isEqualTo(401);
        assertThat(api.get("/v1/users", cpToken).status()).isEqualTo(403);
        assertThat(api.patch("/v1/users/" + UUID.randomUUID(), "{not json", null).status()).as("token before body").isEqualTo(401);
        assertThat(api.patch("/v1/leads/LEAD-1", "{not json", null).status()).as("token before body").isEqualTo(401);
        assertThat(api.get("/v1/auth/me", cpToken).status()).isEqualTo(200);
    }

    @Test
    void blockingAUserStopsTheirValidTokenAtOnce() {
        Org org = world.anOrganization();
        String phone = aPhone();
        JsonNode cp = world.aUser(org, Map.of("role", "CP", "name", "Ravi", "phone", phone, "stateCode", "MH"));
        String cpToken = world.tokensForCode(phone).path("accessToken").asText();

        ApiClient.Response blocked = api.patch("/v1/users/" + cp.path("id").asText(), Map.of("blockedToken", true), org.adminToken());
        ApiClient.Response me = api.get("/v1/auth/me", cpToken);

        assertThat(blocked.status()).isEqualTo(200);
        assertThat(blocked.json().path("blockedToken").asBoolean()).isTrue();
        assertThat(me.status()).isEqualTo(403);
        assertThat(me.errorCode()).isEqualTo("USER_BLOCKED");
    }

    @Test
    void passwordResetWorksThroughTheEmailedLink() throws Exception {
        Org org = world.anOrganization();

        assertThat(api.post("/v1/auth/password-reset/request", Map.of("email", org.adminEmail()), null).status()).isEqualTo(202);
        assertThat(api.post("/v1/auth/password-reset/request", Map.of("email", "nobody-" + UUID.randomUUID() + "@example.com"), null).status()).isEqualTo(202);
        JsonNode email = app.awaitMessage(org.adminEmail(), message -> message.path("channel").asText().equals("EMAIL"));
        String token = email.path("body").asText().replaceAll("(?s).*token=([A-Za-z0-9_-]+).*", "$1");

        ApiClient.Response weak = api.post("/v1/auth/password-reset/complete", Map.of("token", token, "newPassword", "short"), null);
        ApiClient.Response done = api.post("/v1/auth/password-reset/complete", Map.of("token", token, "newPassword", "a-brand-new-passphrase"), null);
        ApiClient.Response again = api.post("/v1/auth/password-reset/complete", Map.of("token", token, "newPassword", "another-new-passphrase"), null);

        assertThat(weak.status()).isEqualTo(400);
        assertThat(done.status()).isEqualTo(204);
        assertThat(again.status()).isEqualTo(401);
        assertThat(world.tokensForPassword(org.adminEmail(), "a-brand-new-passphrase").has("accessToken")).isTrue();
        try (Connection owner = app.ownerConnection();
             PreparedStatement statement = owner.prepareStatement("SELECT count(*) FROM audit_log WHERE org_id = ?::uuid AND action = 'PASSWORD_RESET'")) {
            statement.setString(1, org.id());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void jwksPublishesThePublicSigningKeyOnly() {
        ApiClient.Response jwks = api.get("/v1/auth/jwks", null);

        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.json().path("keys").get(0).path("kty").asText()).isEqualTo("RSA");
        assertThat(jwks.json().path("keys").get(0).has("kid")).isTrue();
        assertThat(jwks.json().path("keys").get(0).has("d")).isFalse();
    }

    @Test
    void signInEndpointsAreRateLimitedPerClientAddress() {
        Map<String, String> settings = new HashMap<>(app.settings());
        settings.put("RATE_LIMIT_PER_MINUTE", "3");
        try (LocalStack limited = RunningApp.start(Path.of("target", "e2e", "rate-limited"), settings, false)) {
            ApiClient client = new ApiClient(limited.baseUrl());
            for (int call = 1; call <= 3; call++) {
                assertThat(client.post("/v1/auth/login", Map.of("phone", aPhone()), null).status()).isEqualTo(202);
            }
            ApiClient.Response limitedCall = client.post("/v1/auth/login", Map.of("phone", aPhone()), null);

            assertThat(limitedCall.status()).isEqualTo(429);
            assertThat(Integer.parseInt(limitedCall.header("Retry-After"))).isBetween(1, 61);
        }
    }
}
