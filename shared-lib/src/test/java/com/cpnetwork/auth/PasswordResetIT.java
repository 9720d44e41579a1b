package com.cpnetwork.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cpnetwork.auth.SignInResult.Tokens;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Patch;
import com.cpnetwork.platform.errors.Forbidden;
import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.platform.errors.Unauthorized;
import com.cpnetwork.platform.security.Secrets;
import com.cpnetwork.testing.Fixtures;
import com.cpnetwork.testing.LocalOutbox;
import com.cpnetwork.testing.MutableClock;
import com.cpnetwork.testing.Rows;
import com.cpnetwork.testing.TestBackend;
import com.cpnetwork.users.User;
import com.cpnetwork.users.UserChanges;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Staff who forgot their password get a single-use link by email, valid 30 minutes. */
class PasswordResetIT {

    private static final String NEW_PASSWORD = "saffron-glacier-meadow-77";

    @RegisterExtension
    static final TestBackend world = TestBackend.perTestClass();

    private static PasswordReset reset;
    private static PasswordSignIn passwordSignIn;
    private static Fixtures fixtures;
    private static LocalOutbox outbox;
    private static MutableClock clock;

    private Caller admin;
    private User kam;

    @BeforeAll
    static void theBackendsServices() {
        reset = world.backend().authentication().passwordReset();
        passwordSignIn = world.backend().authentication().passwordSignIn();
        fixtures = world.fixtures();
        outbox = world.outbox();
        clock = world.clock();
    }

    @BeforeEach
    void aKam() {
        admin = fixtures.anOrganization();
        kam = fixtures.aKam(admin);
    }

    @Test
    void anUnknownEmailGetsNoEmailAndNoError() {
        String unknown = Fixtures.anEmail("nobody");

        reset.requestReset(unknown);

        assertThat(Rows.count("SELECT count(*) FROM outbox WHERE payload->>'to' = ?", unknown)).isZero();
        assertThat(outbox.sentTo(unknown)).isEmpty();
    }

    @Test
    void aStaffEmailGetsOneEmailWithALinkHoldingTheToken() {
        reset.requestReset(kam.email().toUpperCase());

        assertThat(outbox.sentTo(kam.email())).singleElement().satisfies(email -> {
            assertThat(email.channel()).isEqualTo("EMAIL");
            assertThat(email.subject()).containsIgnoringCase("reset");
            assertThat(email.body()).contains("http://localhost:7071/reset-password?token=");
        });
        String token = outbox.latestResetTokenFor(kam.email());
        assertThat(Rows.count("SELECT count(*) FROM password_resets WHERE user_id = ? AND token_hash = ?", kam.id(), Secrets.sha256(token)))
                .isEqualTo(1);
        assertThat(Rows.count("SELECT count(*) FROM password_resets WHERE token_hash = ?", token)).isZero();
        assertThat(Rows.auditActions(kam.id().toString())).contains("PASSWORD_RESET_REQUESTED");
    }

    @Test
    void aBlockedAccountGetsNoResetEmail() {
        world.backend().users().updateUser(admin, kam.id(),
                new UserChanges(Patch.absent(), Patch.absent(), Patch.absent(), Patch.of(true), Patch.absent()));

        reset.requestReset(kam.email());

        assertThat(outbox.sentTo(kam.email())).isEmpty();
    }

    @Test
    void completingTheResetChangesThePassword() {
        String token = resetTokenFor(kam);

        reset.completeReset(token, NEW_PASSWORD);

        assertThat(passwordSignIn.signIn(kam.email(), NEW_PASSWORD)).isInstanceOf(Tokens.class);
        assertThatThrownBy(() -> passwordSignIn.signIn(kam.email(), Fixtures.PASSWORD))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_CREDENTIALS"));
        assertThat(Rows.<String>one("SELECT password_hash FROM users WHERE id = ?", kam.id())).startsWith("$argon2id$").doesNotContain(NEW_PASSWORD);
        assertThat(Rows.auditActions(kam.id().toString())).contains("PASSWORD_RESET");
    }

    @Test
    void completingTheResetEndsEverySessionOfTheAccount() {
        Tokens first = (Tokens) passwordSignIn.signIn(kam.email(), Fixtures.PASSWORD);
        Tokens second = (Tokens) passwordSignIn.signIn(kam.email(), Fixtures.PASSWORD);

        reset.completeReset(resetTokenFor(kam), NEW_PASSWORD);

        assertThat(Rows.count("SELECT count(*) FROM refresh_tokens WHERE user_id = ? AND revoked_at IS NULL", kam.id())).isZero();
        for (Tokens session : new Tokens[] {first, second}) {
            assertThatThrownBy(() -> world.backend().authentication().sessions().refresh(session.refreshToken()))
                    .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_REFRESH_TOKEN"));
        }
    }

    @Test
    void completingTheResetLiftsALockOut() {
        for (int attempt = 1; attempt <= 5; attempt++) {
            try {
                passwordSignIn.signIn(kam.email(), "wrong-password");
            } catch (Unauthorized | Forbidden expected) {
                // counting toward the lock-out
            }
        }
        assertThatThrownBy(() -> passwordSignIn.signIn(kam.email(), Fixtures.PASSWORD))
                .isInstanceOfSatisfying(Forbidden.class, e -> assertThat(e.code()).isEqualTo("LOGIN_LOCKED"));

        reset.completeReset(resetTokenFor(kam), NEW_PASSWORD);

        assertThat(passwordSignIn.signIn(kam.email(), NEW_PASSWORD)).isInstanceOf(Tokens.class);
    }

    @Test
    void theResetLinkIsSingleUse() {
        String token = resetTokenFor(kam);
        reset.completeReset(token, NEW_PASSWORD);

        assertThatThrownBy(() -> reset.completeReset(token, "another-fine-passphrase-5"))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_RESET_TOKEN"));
        assertThat(passwordSignIn.signIn(kam.email(), NEW_PASSWORD)).isInstanceOf(Tokens.class);
    }

    @Test
    void theResetLinkExpiresAfter30Minutes() {
        String token = resetTokenFor(kam);

        clock.advance(Duration.ofMinutes(30));

        assertThatThrownBy(() -> reset.completeReset(token, NEW_PASSWORD))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_RESET_TOKEN"));
        assertThat(passwordSignIn.signIn(kam.email(), Fixtures.PASSWORD)).isInstanceOf(Tokens.class);
    }

    @Test
    void theResetLinkWorksWithin30Minutes() {
        String token = resetTokenFor(kam);

        clock.advance(Duration.ofMinutes(30).minusSeconds(1));
        reset.completeReset(token, NEW_PASSWORD);

        assertThat(passwordSignIn.signIn(kam.email(), NEW_PASSWORD)).isInstanceOf(Tokens.class);
    }

    @Test
    void anUnknownTokenIsRefused() {
        assertThatThrownBy(() -> reset.completeReset("made-up-token", NEW_PASSWORD))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_RESET_TOKEN"));
    }

    @Test
    void aWeakNewPasswordIsRefusedAndTheLinkStaysUsable() {
        String token = resetTokenFor(kam);

        for (String weak : new String[] {"short", "password123", kam.email()}) {
            assertThatThrownBy(() -> reset.completeReset(token, weak))
                    .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsOnlyKeys("newPassword"));
        }

        reset.completeReset(token, NEW_PASSWORD);
        assertThat(passwordSignIn.signIn(kam.email(), NEW_PASSWORD)).isInstanceOf(Tokens.class);
    }

    private static String resetTokenFor(User staff) {
        reset.requestReset(staff.email());
        return outbox.latestResetTokenFor(staff.email());
    }
}
