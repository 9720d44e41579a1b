package com.cpnetwork.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cpnetwork.auth.SignInResult.Tokens;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Patch;
import com.cpnetwork.platform.errors.DomainException;
import com.cpnetwork.platform.errors.Forbidden;
import com.cpnetwork.platform.errors.Unauthorized;
import com.cpnetwork.platform.security.Secrets;
import com.cpnetwork.testing.Fixtures;
import com.cpnetwork.testing.MutableClock;
import com.cpnetwork.testing.Rows;
import com.cpnetwork.testing.TestBackend;
import com.cpnetwork.users.User;
import com.cpnetwork.users.UserChanges;
import java.time.Duration;
import java.util.ArrayList;
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

/** A session is an access token plus a rotating refresh token, ending 24 hours after sign-in at the latest. */
class SessionsIT {

    @RegisterExtension
    static final TestBackend world = TestBackend.perTestClass();

    private static Sessions sessions;
    private static Fixtures fixtures;
    private static MutableClock clock;

    private Caller admin;
    private User cp;

    @BeforeAll
    static void theBackendsServices() {
        sessions = world.backend().authentication().sessions();
        fixtures = world.fixtures();
        clock = world.clock();
    }

    @BeforeEach
    void aSignedUpCp() {
        admin = fixtures.anOrganization();
        cp = fixtures.aCpIn(admin, "MH");
    }

    @Test
    void refreshGivesNewTokensAndANewRefreshToken() {
        Tokens signedIn = signIn(cp);
        clock.advance(Duration.ofHours(1));

        Tokens refreshed = sessions.refresh(signedIn.refreshToken());

        assertThat(refreshed.refreshToken()).isNotEqualTo(signedIn.refreshToken());
        assertThat(refreshed.accessToken()).isNotEqualTo(signedIn.accessToken());
        assertThat(refreshed.user().id()).isEqualTo(cp.id());
        assertThat(world.backend().authentication().accessTokens().verify(refreshed.accessToken()).userId()).isEqualTo(cp.id());
        Map<String, Object> old = tokenRow(signedIn.refreshToken());
        Map<String, Object> next = tokenRow(refreshed.refreshToken());
        assertThat(old.get("replaced_at")).isNotNull();
        assertThat(next.get("family_id")).isEqualTo(old.get("family_id"));
        assertThat(next.get("session_expires_at")).isEqualTo(old.get("session_expires_at"));
        assertThat(next.get("replaced_at")).isNull();
    }

    @Test
    void refreshTokensAreStoredOnlyAsHashes() {
        Tokens signedIn = signIn(cp);

        assertThat(Rows.count("SELECT count(*) FROM refresh_tokens WHERE token_hash = ?", signedIn.refreshToken())).isZero();
        assertThat(tokenRow(signedIn.refreshToken())).isNotNull();
    }

    @Test
    void reusingARotatedRefreshTokenEndsTheWholeFamily() {
        Tokens signedIn = signIn(cp);
        Tokens refreshed = sessions.refresh(signedIn.refreshToken());

        assertThatThrownBy(() -> sessions.refresh(signedIn.refreshToken()))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("REFRESH_TOKEN_REUSED"));

        assertThatThrownBy(() -> sessions.refresh(refreshed.refreshToken()))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_REFRESH_TOKEN"));
        assertThat(Rows.count("SELECT count(*) FROM refresh_tokens WHERE family_id = ? AND revoked_at IS NULL",
                tokenRow(signedIn.refreshToken()).get("family_id"))).isZero();
        assertThat(Rows.auditActions(cp.id().toString())).contains("REFRESH_TOKEN_REUSED");
    }

    @Test
    void reuseEndsOnlyTheLeakedFamily() {
        Tokens phone = signIn(cp);
        Tokens tablet = signIn(cp);
        sessions.refresh(phone.refreshToken());

        assertThatThrownBy(() -> sessions.refresh(phone.refreshToken())).isInstanceOf(Unauthorized.class);

        assertThat(sessions.refresh(tablet.refreshToken()).user().id()).isEqualTo(cp.id());
    }

    @Test
    void ofTwoConcurrentRefreshesWithOneTokenOnlyOneSucceeds() throws Exception {
        Tokens signedIn = signIn(cp);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Object>> attempts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            attempts.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                    return sessions.refresh(signedIn.refreshToken());
                } catch (DomainException e) {
                    return e.code();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        start.countDown();

        List<Object> outcomes = new ArrayList<>();
        for (CompletableFuture<Object> attempt : attempts) {
            outcomes.add(attempt.get());
        }

        assertThat(outcomes).filteredOn(Tokens.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(outcome -> !(outcome instanceof Tokens)).containsExactly("REFRESH_TOKEN_REUSED");
    }

    @Test
    void theSessionEnds24HoursAfterSignInHoweverOftenRefreshed() {
        Tokens latest = signIn(cp);
        for (int refresh = 1; refresh <= 5; refresh++) {
            clock.advance(Duration.ofHours(4));
            latest = sessions.refresh(latest.refreshToken());
        }
        clock.advance(Duration.ofHours(4));
        String last = latest.refreshToken();

        assertThatThrownBy(() -> sessions.refresh(last))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("SESSION_EXPIRED"));
    }

    @Test
    void aRefreshJustBeforeTheSessionEndsStillWorks() {
        Tokens signedIn = signIn(cp);
        clock.advance(Duration.ofHours(24).minusSeconds(1));

        assertThat(sessions.refresh(signedIn.refreshToken()).user().id()).isEqualTo(cp.id());
    }

    @Test
    void logoutMakesTheRefreshTokenUnusable() {
        Tokens signedIn = signIn(cp);
        Tokens refreshed = sessions.refresh(signedIn.refreshToken());

        sessions.logout(refreshed.refreshToken());

        assertThatThrownBy(() -> sessions.refresh(refreshed.refreshToken()))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_REFRESH_TOKEN"));
        assertThat(tokenRow(refreshed.refreshToken()).get("revoked_at")).isNotNull();
        assertThat(Rows.auditActions(cp.id().toString())).contains("SIGNED_OUT");
    }

    @Test
    void logoutWithAnUnknownTokenDoesNothing() {
        sessions.logout("no-such-token");
        sessions.logout("");
    }

    @Test
    void aBlockedAccountCannotRefresh() {
        Tokens signedIn = signIn(cp);
        update(cp, new UserChanges(Patch.absent(), Patch.absent(), Patch.absent(), Patch.of(true), Patch.absent()));

        assertThatThrownBy(() -> sessions.refresh(signedIn.refreshToken()))
                .isInstanceOfSatisfying(Forbidden.class, e -> assertThat(e.code()).isEqualTo("USER_BLOCKED"));
    }

    @Test
    void aRefusedRefreshLeavesTheTokenUnusedSoARetryIsNotTakenForReuse() {
        Tokens signedIn = signIn(cp);
        update(cp, new UserChanges(Patch.absent(), Patch.absent(), Patch.absent(), Patch.of(true), Patch.absent()));
        assertThatThrownBy(() -> sessions.refresh(signedIn.refreshToken())).isInstanceOf(Forbidden.class);
        update(cp, new UserChanges(Patch.absent(), Patch.absent(), Patch.absent(), Patch.of(false), Patch.absent()));

        assertThat(sessions.refresh(signedIn.refreshToken()).user().id()).isEqualTo(cp.id());
        assertThat(Rows.auditActions(cp.id().toString())).doesNotContain("REFRESH_TOKEN_REUSED");
    }

    @Test
    void anExpiredSessionIsReportedAsExpiredEveryTime() {
        Tokens signedIn = signIn(cp);
        clock.advance(Duration.ofHours(25));

        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> sessions.refresh(signedIn.refreshToken()))
                    .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("SESSION_EXPIRED"));
        }
        assertThat(Rows.auditActions(cp.id().toString())).doesNotContain("REFRESH_TOKEN_REUSED");
    }

    @Test
    void aDeactivatedAccountCannotRefresh() {
        Tokens signedIn = signIn(cp);
        update(cp, new UserChanges(Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(), Patch.of(false)));

        assertThatThrownBy(() -> sessions.refresh(signedIn.refreshToken()))
                .isInstanceOfSatisfying(Forbidden.class, e -> assertThat(e.code()).isEqualTo("ACCOUNT_INACTIVE"));
    }

    @Test
    void anUnknownRefreshTokenIsRefused() {
        assertThatThrownBy(() -> sessions.refresh("no-such-token-" + UUID.randomUUID()))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_REFRESH_TOKEN"));
    }

    private static Tokens signIn(User user) {
        PhoneSignIn phoneSignIn = world.backend().authentication().phoneSignIn();
        phoneSignIn.requestCode(user.phone());
        return (Tokens) phoneSignIn.verifyCode(user.phone(), world.outbox().latestCodeFor(user.phone()), Optional.empty());
    }

    private void update(User user, UserChanges changes) {
        world.backend().users().updateUser(admin, user.id(), changes);
    }

    private static Map<String, Object> tokenRow(String refreshToken) {
        return Rows.list("SELECT * FROM refresh_tokens WHERE token_hash = ?", Secrets.sha256(refreshToken)).get(0);
    }
}
