package com.cpnetwork.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.cpnetwork.auth.MfaEnrollment.Enrollment;
import com.cpnetwork.auth.SignInResult.MfaEnrollmentRequired;
import com.cpnetwork.auth.SignInResult.MfaRequired;
import com.cpnetwork.auth.SignInResult.Tokens;
import com.cpnetwork.organizations.OrganizationChanges;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Patch;
import com.cpnetwork.platform.Role;
import com.cpnetwork.platform.errors.Conflict;
import com.cpnetwork.platform.errors.Forbidden;
import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.platform.errors.Unauthorized;
import com.cpnetwork.testing.Fixtures;
import com.cpnetwork.testing.MutableClock;
import com.cpnetwork.testing.Rows;
import com.cpnetwork.testing.TestBackend;
import com.cpnetwork.testing.TotpCodes;
import com.cpnetwork.users.User;
import com.cpnetwork.users.UserChanges;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Staff sign in with email and password, and with an authenticator code once TOTP is on. */
class PasswordSignInIT {

    @RegisterExtension
    static final TestBackend world = TestBackend.perTestClass();

    private static PasswordSignIn passwordSignIn;
    private static MfaEnrollment mfa;
    private static Fixtures fixtures;
    private static MutableClock clock;

    private Caller admin;
    private User kam;

    @BeforeAll
    static void theBackendsServices() {
        passwordSignIn = world.backend().authentication().passwordSignIn();
        mfa = world.backend().authentication().mfaEnrollment();
        fixtures = world.fixtures();
        clock = world.clock();
    }

    @BeforeEach
    void anOrganizationWithAKam() {
        admin = fixtures.anOrganization();
        kam = fixtures.aKam(admin);
    }

    @Test
    void theRightPasswordSignsIn() {
        Tokens tokens = (Tokens) passwordSignIn.signIn(" " + kam.email().toUpperCase() + " ", Fixtures.PASSWORD);

        assertThat(tokens.user().id()).isEqualTo(kam.id());
        assertThat(world.backend().authentication().accessTokens().verify(tokens.accessToken()))
                .isEqualTo(new Caller(kam.id(), kam.orgId(), Role.KAM));
        assertThat(Rows.count("SELECT count(*) FROM refresh_tokens WHERE user_id = ?", kam.id())).isEqualTo(1);
        assertThat(signInAudit(kam)).containsExactly("SIGNED_IN");
    }

    @Test
    void theFirstAdminSignsInWithThePasswordTheOperatorSet() {
        String email = world.backend().users().me(admin).email();

        assertThat(passwordSignIn.signIn(email, Fixtures.PASSWORD)).isInstanceOf(Tokens.class);
    }

    @Test
    void aWrongPasswordAndAnUnknownEmailGetTheSameAnswer() {
        Throwable wrongPassword = catchThrowable(() -> passwordSignIn.signIn(kam.email(), "not-the-password-at-all"));
        Throwable unknownEmail = catchThrowable(() -> passwordSignIn.signIn(Fixtures.anEmail("nobody"), Fixtures.PASSWORD));

        assertThat(wrongPassword).isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_CREDENTIALS"));
        assertThat(unknownEmail).isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_CREDENTIALS"));
        assertThat(unknownEmail).hasMessage(wrongPassword.getMessage());
        assertThat(signInAudit(kam)).containsExactly("SIGN_IN_FAILED");
    }

    @Test
    void fifthWrongPasswordLocksTheEmailFor15Minutes() {
        for (int attempt = 1; attempt <= 4; attempt++) {
            assertThatThrownBy(() -> passwordSignIn.signIn(kam.email(), "wrong-password-" + clock.millis()))
                    .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_CREDENTIALS"));
        }
        assertThatThrownBy(() -> passwordSignIn.signIn(kam.email(), "wrong-password"))
                .isInstanceOfSatisfying(Forbidden.class, e -> assertThat(e.code()).isEqualTo("LOGIN_LOCKED"));

        assertThatThrownBy(() -> passwordSignIn.signIn(kam.email(), Fixtures.PASSWORD))
                .isInstanceOfSatisfying(Forbidden.class, e -> assertThat(e.code()).isEqualTo("LOGIN_LOCKED"));
        assertThat(signInAudit(kam)).containsExactly("SIGN_IN_FAILED", "SIGN_IN_FAILED", "SIGN_IN_FAILED", "SIGN_IN_FAILED", "SIGN_IN_LOCKED");
        clock.advance(Duration.ofMinutes(15).minusSeconds(1));
        assertThatThrownBy(() -> passwordSignIn.signIn(kam.email(), Fixtures.PASSWORD))
                .isInstanceOfSatisfying(Forbidden.class, e -> assertThat(e.code()).isEqualTo("LOGIN_LOCKED"));
        clock.advance(Duration.ofSeconds(1));
        assertThat(passwordSignIn.signIn(kam.email(), Fixtures.PASSWORD)).isInstanceOf(Tokens.class);
    }

    @Test
    void anUnknownEmailLocksAlike() {
        String unknown = Fixtures.anEmail("nobody");
        for (int attempt = 1; attempt <= 4; attempt++) {
            assertThatThrownBy(() -> passwordSignIn.signIn(unknown, Fixtures.PASSWORD))
                    .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_CREDENTIALS"));
        }

        assertThatThrownBy(() -> passwordSignIn.signIn(unknown, Fixtures.PASSWORD))
                .isInstanceOfSatisfying(Forbidden.class, e -> assertThat(e.code()).isEqualTo("LOGIN_LOCKED"));
    }

    @Test
    void wrongPasswordsSpreadOverMoreThan15MinutesDoNotLock() {
        for (int attempt = 1; attempt <= 6; attempt++) {
            assertThatThrownBy(() -> passwordSignIn.signIn(kam.email(), "wrong-password"))
                    .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_CREDENTIALS"));
            clock.advance(Duration.ofMinutes(4));
        }
    }

    @Test
    void blockedOrDeactivatedStaffAreRefusedEvenWithTheRightPassword() {
        User secondKam = fixtures.aKam(admin);
        update(kam, new UserChanges(Patch.absent(), Patch.absent(), Patch.absent(), Patch.of(true), Patch.absent()));
        update(secondKam, new UserChanges(Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(), Patch.of(false)));

        assertThatThrownBy(() -> passwordSignIn.signIn(kam.email(), Fixtures.PASSWORD))
                .isInstanceOfSatisfying(Forbidden.class, e -> assertThat(e.code()).isEqualTo("USER_BLOCKED"));
        assertThatThrownBy(() -> passwordSignIn.signIn(secondKam.email(), Fixtures.PASSWORD))
                .isInstanceOfSatisfying(Forbidden.class, e -> assertThat(e.code()).isEqualTo("ACCOUNT_INACTIVE"));
    }

    @Test
    void enrollingGivesASecretAndAnOtpauthUriButLeavesTotpOffUntilActivated() {
        Enrollment enrollment = mfa.enroll(Fixtures.callerOf(kam), Optional.empty());

        assertThat(enrollment.secret()).matches("[A-Z2-7]{32}");
        assertThat(enrollment.otpauthUri()).startsWith("otpauth://totp/cpnetwork:")
                .contains("secret=" + enrollment.secret()).contains("issuer=cpnetwork").contains("period=30").contains("digits=6");
        assertThat(totpColumns(kam)).containsEntry("totp_pending_secret", enrollment.secret()).containsEntry("totp_enabled", false)
                .containsEntry("totp_secret", null);
        assertThat(passwordSignIn.signIn(kam.email(), Fixtures.PASSWORD)).isInstanceOf(Tokens.class);
    }

    @Test
    void activatingWithTheAppsCodeTurnsTotpOn() {
        Enrollment enrollment = mfa.enroll(Fixtures.callerOf(kam), Optional.empty());

        mfa.activate(Fixtures.callerOf(kam), TotpCodes.at(enrollment.secret(), clock.instant()));

        assertThat(world.backend().users().me(Fixtures.callerOf(kam)).mfaEnabled()).isTrue();
        assertThat(totpColumns(kam)).containsEntry("totp_secret", enrollment.secret()).containsEntry("totp_pending_secret", null)
                .containsEntry("totp_enabled", true);
        assertThat(Rows.auditActions(kam.id().toString())).contains("MFA_ENROLLMENT_STARTED", "MFA_ACTIVATED");
    }

    @Test
    void aWrongActivationCodeLeavesTotpOff() {
        Enrollment enrollment = mfa.enroll(Fixtures.callerOf(kam), Optional.empty());

        assertThatThrownBy(() -> mfa.activate(Fixtures.callerOf(kam), TotpCodes.wrongAt(enrollment.secret(), clock.instant())))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_TOTP"));
        assertThat(totpColumns(kam)).containsEntry("totp_enabled", false).containsEntry("totp_pending_secret", enrollment.secret());
    }

    @Test
    void activatingWithoutEnrollingIsAConflict() {
        assertThatThrownBy(() -> mfa.activate(Fixtures.callerOf(kam), "123456"))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.code()).isEqualTo("MFA_NOT_ENROLLED"));
    }

    @Test
    void phoneSignInAccountsCannotEnroll() {
        Caller cp = Fixtures.callerOf(fixtures.aCpIn(admin, "MH"));

        assertThatThrownBy(() -> mfa.enroll(cp, Optional.empty())).isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> mfa.activate(cp, "123456")).isInstanceOf(Forbidden.class);
    }

    @Test
    void withTotpOnThePasswordLeadsToTheSecondStep() {
        String secret = totpOn(kam);
        clock.advance(Duration.ofSeconds(30));

        MfaRequired step = (MfaRequired) passwordSignIn.signIn(kam.email(), Fixtures.PASSWORD);

        assertThat(step.mfaRequired()).isTrue();
        assertThat(step.mfaToken()).isNotBlank();
        assertThat(Rows.count("SELECT count(*) FROM refresh_tokens WHERE user_id = ?", kam.id())).isZero();
        Tokens tokens = passwordSignIn.completeMfa(step.mfaToken(), TotpCodes.at(secret, clock.instant()));
        assertThat(world.backend().authentication().accessTokens().verify(tokens.accessToken()).userId()).isEqualTo(kam.id());
        assertThat(Rows.<String>one("""
                SELECT new_value->>'method' FROM audit_log WHERE entity_id = ? AND action = 'SIGNED_IN'""", kam.id().toString()))
                .isEqualTo("PASSWORD_TOTP");
    }

    @Test
    void aCodeIsAcceptedOnlyOnce() {
        String secret = totpOn(kam);
        clock.advance(Duration.ofSeconds(30));
        String code = TotpCodes.at(secret, clock.instant());
        passwordSignIn.completeMfa(mfaTokenOf(kam), code);

        assertThatThrownBy(() -> passwordSignIn.completeMfa(mfaTokenOf(kam), code))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_TOTP"));
        clock.advance(Duration.ofSeconds(30));
        assertThat(passwordSignIn.completeMfa(mfaTokenOf(kam), TotpCodes.at(secret, clock.instant())).user().id()).isEqualTo(kam.id());
    }

    @Test
    void theActivationCodeCannotBeReplayedToSignIn() {
        String secret = totpOn(kam);

        assertThatThrownBy(() -> passwordSignIn.completeMfa(mfaTokenOf(kam), TotpCodes.at(secret, clock.instant())))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_TOTP"));
    }

    @Test
    void aWrongCodeIsRefusedAndFiveOfThemEndTheChallenge() {
        String secret = totpOn(kam);
        clock.advance(Duration.ofSeconds(30));
        String mfaToken = mfaTokenOf(kam);
        String wrong = TotpCodes.wrongAt(secret, clock.instant());

        assertThatThrownBy(() -> passwordSignIn.completeMfa(mfaToken, wrong))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_TOTP"));
        assertThat(passwordSignIn.completeMfa(mfaToken, TotpCodes.at(secret, clock.instant()))).isInstanceOf(Tokens.class);

        clock.advance(Duration.ofSeconds(30));
        String another = mfaTokenOf(kam);
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThatThrownBy(() -> passwordSignIn.completeMfa(another, wrong)).isInstanceOf(Unauthorized.class);
        }
        assertThatThrownBy(() -> passwordSignIn.completeMfa(another, TotpCodes.at(secret, clock.instant())))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_MFA_TOKEN"));
    }

    @Test
    void theMfaTokenExpiresAfterFiveMinutes() {
        String secret = totpOn(kam);
        String mfaToken = mfaTokenOf(kam);

        clock.advance(Duration.ofMinutes(5));

        assertThatThrownBy(() -> passwordSignIn.completeMfa(mfaToken, TotpCodes.at(secret, clock.instant())))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_MFA_TOKEN"));
        assertThatThrownBy(() -> passwordSignIn.completeMfa("made-up", TotpCodes.at(secret, clock.instant())))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_MFA_TOKEN"));
    }

    @Test
    void theMfaTokenIsSingleUse() {
        String secret = totpOn(kam);
        clock.advance(Duration.ofSeconds(30));
        String mfaToken = mfaTokenOf(kam);
        passwordSignIn.completeMfa(mfaToken, TotpCodes.at(secret, clock.instant()));
        clock.advance(Duration.ofSeconds(30));

        assertThatThrownBy(() -> passwordSignIn.completeMfa(mfaToken, TotpCodes.at(secret, clock.instant())))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_MFA_TOKEN"));
    }

    @Test
    void replacingAnActiveAuthenticatorNeedsACodeFromIt() {
        String oldSecret = totpOn(kam);
        clock.advance(Duration.ofSeconds(30));

        assertThatThrownBy(() -> mfa.enroll(Fixtures.callerOf(kam), Optional.empty()))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsKey("currentTotp"));
        assertThatThrownBy(() -> mfa.enroll(Fixtures.callerOf(kam), Optional.of(TotpCodes.at(oldSecret, clock.instant().minusSeconds(300)))))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_TOTP"));
        assertThat(totpColumns(kam)).containsEntry("totp_pending_secret", null);
    }

    @Test
    void enrollingAgainKeepsTheActiveSecretUntilTheNewOneIsActivated() {
        String oldSecret = totpOn(kam);
        clock.advance(Duration.ofSeconds(30));

        Enrollment replacement = mfa.enroll(Fixtures.callerOf(kam), Optional.of(TotpCodes.at(oldSecret, clock.instant())));
        clock.advance(Duration.ofSeconds(30));

        assertThat(replacement.secret()).isNotEqualTo(oldSecret);
        assertThat(totpColumns(kam)).containsEntry("totp_enabled", true).containsEntry("totp_secret", oldSecret);
        assertThatThrownBy(() -> passwordSignIn.completeMfa(mfaTokenOf(kam), TotpCodes.at(replacement.secret(), clock.instant())))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_TOTP"));
        assertThat(passwordSignIn.completeMfa(mfaTokenOf(kam), TotpCodes.at(oldSecret, clock.instant()))).isInstanceOf(Tokens.class);

        clock.advance(Duration.ofSeconds(30));
        mfa.activate(Fixtures.callerOf(kam), TotpCodes.at(replacement.secret(), clock.instant()));
        clock.advance(Duration.ofSeconds(30));
        assertThatThrownBy(() -> passwordSignIn.completeMfa(mfaTokenOf(kam), TotpCodes.at(oldSecret, clock.instant())))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_TOTP"));
        assertThat(passwordSignIn.completeMfa(mfaTokenOf(kam), TotpCodes.at(replacement.secret(), clock.instant()))).isInstanceOf(Tokens.class);
    }

    @Test
    void anOrganizationThatRequiresTotpMakesStaffWithoutItEnrollAtSignIn() {
        requireMfa(admin);

        MfaEnrollmentRequired step = (MfaEnrollmentRequired) passwordSignIn.signIn(kam.email(), Fixtures.PASSWORD);

        assertThat(step.mfaEnrollmentRequired()).isTrue();
        assertThat(Rows.count("SELECT count(*) FROM refresh_tokens WHERE user_id = ?", kam.id())).isZero();
        assertThatThrownBy(() -> passwordSignIn.completeMfa(step.mfaToken(), "123456"))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_MFA_TOKEN"));
        Enrollment enrollment = mfa.enroll(step.mfaToken());
        assertThat(enrollment.otpauthUri()).contains("secret=" + enrollment.secret());
        assertThatThrownBy(() -> mfa.activate(step.mfaToken(), TotpCodes.wrongAt(enrollment.secret(), clock.instant())))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_TOTP"));

        Tokens tokens = mfa.activate(step.mfaToken(), TotpCodes.at(enrollment.secret(), clock.instant()));

        assertThat(world.backend().authentication().accessTokens().verify(tokens.accessToken()).userId()).isEqualTo(kam.id());
        assertThat(tokens.user().mfaEnabled()).isTrue();
        assertThat(totpColumns(kam)).containsEntry("totp_enabled", true).containsEntry("totp_secret", enrollment.secret());
        assertThatThrownBy(() -> mfa.activate(step.mfaToken(), TotpCodes.at(enrollment.secret(), clock.instant())))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_MFA_TOKEN"));
        clock.advance(Duration.ofSeconds(30));
        assertThat(passwordSignIn.signIn(kam.email(), Fixtures.PASSWORD)).isInstanceOf(MfaRequired.class);
    }

    @Test
    void theEnrollmentTokenExpiresAfterFiveMinutes() {
        requireMfa(admin);
        MfaEnrollmentRequired step = (MfaEnrollmentRequired) passwordSignIn.signIn(kam.email(), Fixtures.PASSWORD);
        Enrollment enrollment = mfa.enroll(step.mfaToken());

        clock.advance(Duration.ofMinutes(5));

        assertThatThrownBy(() -> mfa.activate(step.mfaToken(), TotpCodes.at(enrollment.secret(), clock.instant())))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_MFA_TOKEN"));
        assertThat(totpColumns(kam)).containsEntry("totp_enabled", false);
    }

    @Test
    void aSecondStepTokenCannotBeUsedToEnroll() {
        totpOn(kam);
        String mfaToken = mfaTokenOf(kam);

        assertThatThrownBy(() -> mfa.enroll(mfaToken))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_MFA_TOKEN"));
    }

    /** Enrolls and activates TOTP for a staff account; returns the secret its app holds. */
    private String totpOn(User staff) {
        Enrollment enrollment = mfa.enroll(Fixtures.callerOf(staff), Optional.empty());
        mfa.activate(Fixtures.callerOf(staff), TotpCodes.at(enrollment.secret(), clock.instant()));
        return enrollment.secret();
    }

    private static String mfaTokenOf(User staff) {
        return ((MfaRequired) passwordSignIn.signIn(staff.email(), Fixtures.PASSWORD)).mfaToken();
    }

    private static void requireMfa(Caller admin) {
        world.backend().organizations().updateOrganization(admin, OrganizationChanges.requireMfa(true));
    }

    private void update(User user, UserChanges changes) {
        world.backend().users().updateUser(admin, user.id(), changes);
    }

    private static Map<String, Object> totpColumns(User user) {
        return Rows.list("SELECT totp_secret, totp_pending_secret, totp_enabled FROM users WHERE id = ?", user.id()).get(0);
    }

    private static List<String> signInAudit(User user) {
        return Rows.auditActions(user.id().toString()).stream().filter(action -> action.startsWith("SIGN")).toList();
    }
}
