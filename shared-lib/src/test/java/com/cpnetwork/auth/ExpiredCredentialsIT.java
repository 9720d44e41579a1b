package com.cpnetwork.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cpnetwork.auth.SignInResult.AccountChoice;
import com.cpnetwork.auth.SignInResult.MfaEnrollmentRequired;
import com.cpnetwork.auth.SignInResult.Tokens;
import com.cpnetwork.organizations.OrganizationChanges;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.ratelimit.RateLimitGroup;
import com.cpnetwork.platform.security.Secrets;
import com.cpnetwork.testing.Fixtures;
import com.cpnetwork.testing.MutableClock;
import com.cpnetwork.testing.Rows;
import com.cpnetwork.testing.TestBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The retention timer deletes sign-in data nobody can use any more, a day after it expired, and nothing else. */
class ExpiredCredentialsIT {

    private static final List<String> TABLES = List.of("sign_in_codes", "sign_in_choices", "sign_in_failures", "mfa_challenges",
            "password_resets", "refresh_tokens", "rate_limit_buckets");

    /** Three days ago: what is issued then has expired more than a day before "now". */
    private static final Instant THREE_DAYS_AGO = Instant.now().minus(Duration.ofDays(3));

    private static final MutableClock clock = MutableClock.at(THREE_DAYS_AGO);
    @RegisterExtension
    static final TestBackend world = TestBackend.perTestClass(clock, Map.of());

    private static Secrets secrets;
    private static Caller admin;
    private static String adminEmail;

    @BeforeAll
    static void theBackendsServices() {
        secrets = new Secrets(world.authSecret());
        admin = world.fixtures().anOrganization();
        adminEmail = world.backend().users().me(admin).email();
        world.backend().organizations().updateOrganization(admin, OrganizationChanges.requireMfa(true));
    }

    @BeforeEach
    void threeDaysAgo() {
        clock.set(THREE_DAYS_AGO);
    }

    @Test
    void expiredRowsOfEveryTableAreDeletedAndLiveOnesKept() {
        Map<String, String> expired = oneOfEach(clock.instant().plus(Duration.ofDays(1)));
        clock.advance(Duration.ofDays(3));
        Map<String, String> live = oneOfEach(clock.instant().minus(Duration.ofMinutes(1)));
        assertThat(presentTables(expired)).containsExactlyElementsOf(TABLES);

        Map<String, Integer> deleted = world.backend().expiredCredentials().purge();

        assertThat(presentTables(expired)).isEmpty();
        assertThat(presentTables(live)).containsExactlyElementsOf(TABLES);
        assertThat(deleted).containsOnlyKeys(TABLES);
        TABLES.forEach(table -> assertThat(deleted.get(table)).as(table).isPositive());
    }

    @Test
    void purgingAgainFindsNothingMore() {
        oneOfEach(clock.instant().plus(Duration.ofDays(1)));
        clock.advance(Duration.ofDays(3));
        world.backend().expiredCredentials().purge();

        Map<String, Integer> again = world.backend().expiredCredentials().purge();

        assertThat(again.values()).containsOnly(0);
    }

    @Test
    void twoPurgesAtOnceDeleteEachRowOnceAndFailNeither() throws Exception {
        Map<String, String> expired = oneOfEach(clock.instant().plus(Duration.ofDays(1)));
        clock.advance(Duration.ofDays(3));
        Map<String, String> live = oneOfEach(clock.instant().minus(Duration.ofMinutes(1)));
        CountDownLatch start = new CountDownLatch(1);

        List<CompletableFuture<Map<String, Integer>>> purges = List.of(purgeAfter(start), purgeAfter(start));
        start.countDown();
        Map<String, Integer> total = new HashMap<>();
        for (CompletableFuture<Map<String, Integer>> purge : purges) {
            purge.get().forEach((table, count) -> total.merge(table, count, Integer::sum));
        }

        assertThat(presentTables(expired)).isEmpty();
        assertThat(presentTables(live)).containsExactlyElementsOf(TABLES);
        TABLES.forEach(table -> assertThat(total.get(table)).as(table).isPositive());
        assertThat(world.backend().expiredCredentials().purge().values()).containsOnly(0);
    }

    @Test
    void aSessionIsKeptUntilADayAfterItEnded() {
        Tokens tokens = signInWithACode(world.fixtures().aCpIn(admin, "MH").phone());
        clock.advance(Duration.ofDays(2).minusMinutes(1));

        world.backend().expiredCredentials().purge();

        assertThat(Rows.count("SELECT count(*) FROM refresh_tokens WHERE token_hash = ?", Secrets.sha256(tokens.refreshToken()))).isEqualTo(1);
        clock.advance(Duration.ofMinutes(2));
        world.backend().expiredCredentials().purge();
        assertThat(Rows.count("SELECT count(*) FROM refresh_tokens WHERE token_hash = ?", Secrets.sha256(tokens.refreshToken()))).isZero();
        assertThatThrownBy(() -> world.backend().authentication().sessions().refresh(tokens.refreshToken()))
                .isInstanceOf(com.cpnetwork.platform.errors.Unauthorized.class);
    }

    /**
     * Issues one row of every kind at the clock's time and returns, per table, the key that finds it. The rate-limit
     * bucket is written by Bucket4j on the wall clock, so it is arranged directly with {@code bucketExpiresAt}.
     */
    private Map<String, String> oneOfEach(Instant bucketExpiresAt) {
        PhoneSignIn phoneSignIn = world.backend().authentication().phoneSignIn();
        Map<String, String> keys = new LinkedHashMap<>();

        String sharedPhone = Fixtures.aPhone();
        world.fixtures().aCpIn(admin, "MH", sharedPhone);
        UUID chosen = world.fixtures().aCpIn(admin, "GJ", sharedPhone).id();
        phoneSignIn.requestCode(sharedPhone);
        AccountChoice choice = (AccountChoice) phoneSignIn.verifyCode(sharedPhone, world.outbox().latestCodeFor(sharedPhone), Optional.empty());
        Tokens tokens = phoneSignIn.chooseAccount(choice.choiceToken(), chosen);
        keys.put("sign_in_codes", "SELECT count(*) FROM sign_in_codes WHERE phone_hash = ?|" + secrets.hmac("phone:" + sharedPhone));
        keys.put("sign_in_choices", "SELECT count(*) FROM sign_in_choices WHERE token_hash = ?|" + Secrets.sha256(choice.choiceToken()));
        keys.put("refresh_tokens", "SELECT count(*) FROM refresh_tokens WHERE token_hash = ?|" + Secrets.sha256(tokens.refreshToken()));

        String failingPhone = Fixtures.aPhone();
        assertThatThrownBy(() -> phoneSignIn.verifyCode(failingPhone, "000000", Optional.empty()))
                .isInstanceOf(com.cpnetwork.platform.errors.Unauthorized.class);
        keys.put("sign_in_failures", "SELECT count(*) FROM sign_in_failures WHERE identifier_hash = ?|" + secrets.hmac("phone:" + failingPhone));

        MfaEnrollmentRequired enrollment = (MfaEnrollmentRequired) world.backend().authentication().passwordSignIn()
                .signIn(adminEmail, Fixtures.PASSWORD);
        keys.put("mfa_challenges", "SELECT count(*) FROM mfa_challenges WHERE token_hash = ?|" + Secrets.sha256(enrollment.mfaToken()));

        world.backend().authentication().passwordReset().requestReset(adminEmail);
        keys.put("password_resets", "SELECT count(*) FROM password_resets WHERE token_hash = ?|"
                + Secrets.sha256(world.outbox().latestResetTokenFor(adminEmail)));

        String bucket = RateLimitGroup.SIGN_IN.name() + ":retention-test-" + UUID.randomUUID();
        Rows.execute("INSERT INTO rate_limit_buckets (id, state, expires_at) VALUES (?, ?, ?)", bucket, new byte[] {1},
                bucketExpiresAt.toEpochMilli());
        keys.put("rate_limit_buckets", "SELECT count(*) FROM rate_limit_buckets WHERE id = ?|" + bucket);
        return keys;
    }

    /** The tables in which the rows {@link #oneOfEach} made are still present, in {@link #TABLES} order. */
    private static List<String> presentTables(Map<String, String> keys) {
        return TABLES.stream().filter(table -> {
            String[] query = keys.get(table).split("\\|");
            return Rows.count(query[0], query[1]) > 0;
        }).toList();
    }

    private static CompletableFuture<Map<String, Integer>> purgeAfter(CountDownLatch start) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return world.backend().expiredCredentials().purge();
        });
    }

    private static Tokens signInWithACode(String phone) {
        PhoneSignIn phoneSignIn = world.backend().authentication().phoneSignIn();
        phoneSignIn.requestCode(phone);
        return (Tokens) phoneSignIn.verifyCode(phone, world.outbox().latestCodeFor(phone), Optional.empty());
    }
}
