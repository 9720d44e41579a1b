package com.cpnetwork.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cpnetwork.auth.PhoneSignIn.CodeSent;
import com.cpnetwork.auth.SignInResult.Account;
import com.cpnetwork.auth.SignInResult.AccountChoice;
import com.cpnetwork.auth.SignInResult.Tokens;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Patch;
import com.cpnetwork.platform.Role;
import com.cpnetwork.platform.errors.Forbidden;
import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.platform.errors.RateLimited;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Channel partners and customers sign in with their phone and a code sent to it by SMS. */
class PhoneSignInIT {

    @RegisterExtension
    static final TestBackend world = TestBackend.perTestClass();

    private static PhoneSignIn phoneSignIn;
    private static Fixtures fixtures;
    private static LocalOutbox outbox;
    private static MutableClock clock;
    private static Secrets secrets;

    private Caller admin;

    @BeforeAll
    static void theBackendsServices() {
        phoneSignIn = world.backend().authentication().phoneSignIn();
        fixtures = world.fixtures();
        outbox = world.outbox();
        clock = world.clock();
        secrets = new Secrets(world.authSecret());
    }

    @BeforeEach
    void anOrganization() {
        admin = fixtures.anOrganization();
    }

    @Test
    void anUnknownPhoneGetsTheSameAnswerButNoSms() {
        String unknown = Fixtures.aPhone();

        CodeSent answer = phoneSignIn.requestCode(unknown);

        assertThat(answer).isEqualTo(new CodeSent(true, 300));
        assertThat(Rows.count("SELECT count(*) FROM outbox WHERE payload->>'to' = ?", unknown)).isZero();
        assertThat(outbox.sentTo(unknown)).isEmpty();
    }

    @Test
    void aKnownPhoneGetsExactlyOneSmsWithASixDigitCode() {
        User cp = fixtures.aCpIn(admin, "MH");

        CodeSent answer = phoneSignIn.requestCode("0" + cp.phone().substring(3));

        assertThat(answer).isEqualTo(new CodeSent(true, 300));
        List<LocalOutbox.Message> messages = outbox.sentTo(cp.phone());
        assertThat(messages).singleElement().satisfies(sms -> {
            assertThat(sms.channel()).isEqualTo("SMS");
            assertThat(sms.body()).containsPattern("\\b\\d{6}\\b");
            assertThat(sms.createdAt()).isEqualTo(clock.instant());
        });
        assertThat(Rows.count("SELECT count(*) FROM outbox WHERE payload->>'to' = ?", cp.phone())).isEqualTo(1);
    }

    @Test
    void neitherTheCodeNorThePhoneIsKeptInClear() {
        User cp = fixtures.aCpIn(admin, "MH");
        phoneSignIn.requestCode(cp.phone());
        String code = outbox.latestCodeFor(cp.phone());

        List<Map<String, Object>> codes = Rows.list("SELECT row_to_json(c)::text AS json, code_hash FROM sign_in_codes c WHERE phone_hash = ?",
                phoneHash(cp.phone()));
        assertThat(codes).singleElement().satisfies(row -> {
            assertThat((String) row.get("code_hash")).isNotEqualTo(code).doesNotContain(code).hasSize(64);
            assertThat((String) row.get("json")).doesNotContain(cp.phone().substring(1));
        });
        Map<String, Object> sent = Rows.list("SELECT status, payload::text AS payload FROM outbox WHERE payload->>'to' = ?", cp.phone()).get(0);
        assertThat(sent.get("status")).isEqualTo("DONE");
        assertThat((String) sent.get("payload")).doesNotContain(code).doesNotContain("\"body\"").doesNotContain("\"variables\"");
    }

    @Test
    void theRightCodeSignsIn() {
        User cp = fixtures.aCpIn(admin, "MH");

        Tokens tokens = (Tokens) phoneSignIn.verifyCode(cp.phone(), codeSentTo(cp.phone()), Optional.empty());

        assertThat(tokens.user().id()).isEqualTo(cp.id());
        assertThat(tokens.expiresIn()).isEqualTo(7200);
        assertThat(tokens.tokenType()).isEqualTo("Bearer");
        assertThat(tokens.refreshToken()).isNotBlank();
        assertThat(world.backend().authentication().accessTokens().verify(tokens.accessToken()))
                .isEqualTo(new Caller(cp.id(), cp.orgId(), Role.CP));
        assertThat(Rows.count("SELECT count(*) FROM refresh_tokens WHERE user_id = ? AND revoked_at IS NULL", cp.id())).isEqualTo(1);
        assertThat(signInAudit(cp)).containsExactly("SIGNED_IN");
    }

    @Test
    void aCustomerSignsInTheSameWay() {
        User customer = fixtures.aCustomer(admin, Fixtures.aPhone());

        Tokens tokens = (Tokens) phoneSignIn.verifyCode(customer.phone(), codeSentTo(customer.phone()), Optional.of(Role.CUSTOMER));

        assertThat(world.backend().authentication().accessTokens().verify(tokens.accessToken()).role()).isEqualTo(Role.CUSTOMER);
    }

    @Test
    void aWrongCodeIsRefused() {
        User cp = fixtures.aCpIn(admin, "MH");
        String code = codeSentTo(cp.phone());

        assertThatThrownBy(() -> phoneSignIn.verifyCode(cp.phone(), wrong(code), Optional.empty()))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_CODE"));
        assertThat(signInAudit(cp)).containsExactly("SIGN_IN_FAILED");
    }

    @Test
    void malformedInputNamesTheField() {
        assertThatThrownBy(() -> phoneSignIn.verifyCode(Fixtures.aPhone(), "12345", Optional.empty()))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsOnlyKeys("otp"));
        assertThatThrownBy(() -> phoneSignIn.verifyCode("12", "123456", Optional.empty()))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsOnlyKeys("phone"));
        assertThatThrownBy(() -> phoneSignIn.requestCode("not a phone"))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsOnlyKeys("phone"));
    }

    @Test
    void fifthWrongCodeLocksThePhoneFor15Minutes() {
        User cp = fixtures.aCpIn(admin, "MH");
        String code = codeSentTo(cp.phone());

        for (int attempt = 1; attempt <= 4; attempt++) {
            assertThatThrownBy(() -> phoneSignIn.verifyCode(cp.phone(), wrong(code), Optional.empty()))
                    .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_CODE"));
        }
        assertThatThrownBy(() -> phoneSignIn.verifyCode(cp.phone(), wrong(code), Optional.empty()))
                .isInstanceOfSatisfying(Forbidden.class, e -> assertThat(e.code()).isEqualTo("LOGIN_LOCKED"));

        assertThatThrownBy(() -> phoneSignIn.verifyCode(cp.phone(), code, Optional.empty()))
                .isInstanceOfSatisfying(Forbidden.class, e -> assertThat(e.code()).isEqualTo("LOGIN_LOCKED"));
        assertThatThrownBy(() -> phoneSignIn.requestCode(cp.phone()))
                .isInstanceOfSatisfying(Forbidden.class, e -> assertThat(e.code()).isEqualTo("LOGIN_LOCKED"));
        clock.advance(Duration.ofMinutes(15).minusSeconds(1));
        assertThatThrownBy(() -> phoneSignIn.requestCode(cp.phone()))
                .isInstanceOfSatisfying(Forbidden.class, e -> assertThat(e.code()).isEqualTo("LOGIN_LOCKED"));
        assertThat(signInAudit(cp)).containsExactly("SIGN_IN_FAILED", "SIGN_IN_FAILED", "SIGN_IN_FAILED", "SIGN_IN_FAILED", "SIGN_IN_LOCKED");

        clock.advance(Duration.ofSeconds(1));
        Tokens tokens = (Tokens) phoneSignIn.verifyCode(cp.phone(), codeSentTo(cp.phone()), Optional.empty());
        assertThat(tokens.user().id()).isEqualTo(cp.id());
        assertThat(signInAudit(cp)).endsWith("SIGN_IN_LOCKED", "SIGNED_IN");
    }

    @Test
    void anUnknownPhoneLocksTooSoALockRevealsNothing() {
        String unknown = Fixtures.aPhone();
        phoneSignIn.requestCode(unknown);

        for (int attempt = 1; attempt <= 4; attempt++) {
            assertThatThrownBy(() -> phoneSignIn.verifyCode(unknown, "000000", Optional.empty()))
                    .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_CODE"));
        }
        assertThatThrownBy(() -> phoneSignIn.verifyCode(unknown, "000000", Optional.empty()))
                .isInstanceOfSatisfying(Forbidden.class, e -> assertThat(e.code()).isEqualTo("LOGIN_LOCKED"));
    }

    @Test
    void theRightCodeAfterFourWrongOnesSignsInAndStartsTheCountAgain() {
        User cp = fixtures.aCpIn(admin, "MH");
        String code = codeSentTo(cp.phone());
        for (int attempt = 1; attempt <= 4; attempt++) {
            assertThatThrownBy(() -> phoneSignIn.verifyCode(cp.phone(), wrong(code), Optional.empty())).isInstanceOf(Unauthorized.class);
        }

        assertThat(phoneSignIn.verifyCode(cp.phone(), code, Optional.empty())).isInstanceOf(Tokens.class);

        String next = codeSentTo(cp.phone());
        for (int attempt = 1; attempt <= 4; attempt++) {
            assertThatThrownBy(() -> phoneSignIn.verifyCode(cp.phone(), wrong(next), Optional.empty()))
                    .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_CODE"));
        }
    }

    @Test
    void aCodeWorksForFiveMinutes() {
        User cp = fixtures.aCpIn(admin, "MH");
        String code = codeSentTo(cp.phone());

        clock.advance(Duration.ofMinutes(5).minusSeconds(1));

        assertThat(phoneSignIn.verifyCode(cp.phone(), code, Optional.empty())).isInstanceOf(Tokens.class);
    }

    @Test
    void aCodeOlderThanFiveMinutesIsRefused() {
        User cp = fixtures.aCpIn(admin, "MH");
        String code = codeSentTo(cp.phone());

        clock.advance(Duration.ofMinutes(5));

        assertThatThrownBy(() -> phoneSignIn.verifyCode(cp.phone(), code, Optional.empty()))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_CODE"));
    }

    @Test
    void aNewCodeMakesTheOldOneUseless() {
        User cp = fixtures.aCpIn(admin, "MH");
        String first = codeSentTo(cp.phone());
        String second = codeSentTo(cp.phone());
        if (first.equals(second)) {
            return; // one chance in a million: the codes cannot be told apart
        }

        assertThatThrownBy(() -> phoneSignIn.verifyCode(cp.phone(), first, Optional.empty()))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_CODE"));
        assertThat(phoneSignIn.verifyCode(cp.phone(), second, Optional.empty())).isInstanceOf(Tokens.class);
    }

    @Test
    void aCodeIsSingleUse() {
        User cp = fixtures.aCpIn(admin, "MH");
        String code = codeSentTo(cp.phone());
        phoneSignIn.verifyCode(cp.phone(), code, Optional.empty());

        assertThatThrownBy(() -> phoneSignIn.verifyCode(cp.phone(), code, Optional.empty()))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_CODE"));
    }

    @Test
    void theSixthCodeRequestWithin15MinutesIsRateLimited() {
        User cp = fixtures.aCpIn(admin, "MH");
        for (int request = 1; request <= 5; request++) {
            phoneSignIn.requestCode(cp.phone());
            clock.advance(Duration.ofMinutes(1));
        }
        outbox.deliverPending();

        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> phoneSignIn.requestCode(cp.phone()));

        assertThat(refused).isInstanceOf(RateLimited.class);
        Duration retryAfter = ((RateLimited) refused).retryAfter();
        assertThat(retryAfter).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(15));
        assertThat(outbox.sentTo(cp.phone())).hasSize(5);
        clock.advance(retryAfter);
        assertThat(phoneSignIn.requestCode(cp.phone())).isEqualTo(new CodeSent(true, 300));
    }

    @Test
    void anUnknownPhoneIsRateLimitedAlike() {
        String unknown = Fixtures.aPhone();
        for (int request = 1; request <= 5; request++) {
            phoneSignIn.requestCode(unknown);
        }

        assertThatThrownBy(() -> phoneSignIn.requestCode(unknown)).isInstanceOf(RateLimited.class);
    }

    @Test
    void twoCpAccountsOnOnePhoneAreOfferedAsAChoice() {
        String phone = Fixtures.aPhone();
        User first = fixtures.aCpIn(admin, "MH", phone);
        User second = fixtures.aCpIn(admin, "GJ", phone);
        String organizationName = world.backend().organizations().current(admin).name();

        AccountChoice choice = (AccountChoice) phoneSignIn.verifyCode(phone, codeSentTo(phone), Optional.empty());

        assertThat(choice.chooseAccount()).containsExactlyInAnyOrder(
                new Account(first.id(), first.name(), Role.CP, organizationName),
                new Account(second.id(), second.name(), Role.CP, organizationName));
        assertThat(choice.choiceToken()).isNotBlank();
        assertThat(Rows.count("SELECT count(*) FROM refresh_tokens WHERE user_id IN (?, ?)", first.id(), second.id())).isZero();

        Tokens tokens = phoneSignIn.chooseAccount(choice.choiceToken(), second.id());

        assertThat(tokens.user().id()).isEqualTo(second.id());
        assertThat(world.backend().authentication().accessTokens().verify(tokens.accessToken()).userId()).isEqualTo(second.id());
        assertThat(signInAudit(second)).containsExactly("SIGNED_IN");
        assertThat(signInAudit(first)).isEmpty();
    }

    @Test
    void accountsInTwoOrganizationsAreOfferedWithTheirOrganizations() {
        String phone = Fixtures.aPhone();
        User cp = fixtures.aCpIn(admin, "MH", phone);
        Caller otherAdmin = fixtures.anOrganization();
        User customer = fixtures.aCustomer(otherAdmin, phone);

        AccountChoice choice = (AccountChoice) phoneSignIn.verifyCode(phone, codeSentTo(phone), Optional.empty());

        assertThat(choice.chooseAccount()).extracting(Account::userId, Account::role, Account::organizationName).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(cp.id(), Role.CP, world.backend().organizations().current(admin).name()),
                org.assertj.core.groups.Tuple.tuple(customer.id(), Role.CUSTOMER, world.backend().organizations().current(otherAdmin).name()));
        Tokens tokens = phoneSignIn.chooseAccount(choice.choiceToken(), customer.id());
        assertThat(world.backend().authentication().accessTokens().verify(tokens.accessToken()))
                .isEqualTo(new Caller(customer.id(), otherAdmin.orgId(), Role.CUSTOMER));
        assertThat(outbox.sentTo(phone)).hasSize(1);
    }

    @Test
    void theRoleNarrowsTheChoice() {
        String phone = Fixtures.aPhone();
        User cp = fixtures.aCpIn(admin, "MH", phone);
        User customer = fixtures.aCustomer(fixtures.anOrganization(), phone);

        Tokens asCustomer = (Tokens) phoneSignIn.verifyCode(phone, codeSentTo(phone), Optional.of(Role.CUSTOMER));
        Tokens asCp = (Tokens) phoneSignIn.verifyCode(phone, codeSentTo(phone), Optional.of(Role.CP));

        assertThat(asCustomer.user().id()).isEqualTo(customer.id());
        assertThat(asCp.user().id()).isEqualTo(cp.id());
        assertThatThrownBy(() -> phoneSignIn.verifyCode(phone, codeSentTo(phone), Optional.of(Role.KAM)))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("NO_MATCHING_ACCOUNT"));
    }

    @Test
    void theChoiceTokenIsSingleUse() {
        String phone = Fixtures.aPhone();
        User first = fixtures.aCpIn(admin, "MH", phone);
        User second = fixtures.aCpIn(admin, "MH", phone);
        AccountChoice choice = (AccountChoice) phoneSignIn.verifyCode(phone, codeSentTo(phone), Optional.empty());
        phoneSignIn.chooseAccount(choice.choiceToken(), first.id());

        assertThatThrownBy(() -> phoneSignIn.chooseAccount(choice.choiceToken(), second.id()))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_CHOICE_TOKEN"));
        assertThat(signInAudit(second)).isEmpty();
    }

    @Test
    void theChoiceTokenExpiresAfterFiveMinutes() {
        String phone = Fixtures.aPhone();
        User first = fixtures.aCpIn(admin, "MH", phone);
        fixtures.aCpIn(admin, "MH", phone);
        AccountChoice choice = (AccountChoice) phoneSignIn.verifyCode(phone, codeSentTo(phone), Optional.empty());

        clock.advance(Duration.ofMinutes(5));

        assertThatThrownBy(() -> phoneSignIn.chooseAccount(choice.choiceToken(), first.id()))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_CHOICE_TOKEN"));
    }

    @Test
    void theChoiceTokenWorksWithinFiveMinutes() {
        String phone = Fixtures.aPhone();
        User first = fixtures.aCpIn(admin, "MH", phone);
        fixtures.aCpIn(admin, "MH", phone);
        AccountChoice choice = (AccountChoice) phoneSignIn.verifyCode(phone, codeSentTo(phone), Optional.empty());

        clock.advance(Duration.ofMinutes(5).minusSeconds(1));

        assertThat(phoneSignIn.chooseAccount(choice.choiceToken(), first.id()).user().id()).isEqualTo(first.id());
    }

    @Test
    void theChoiceTokenCannotPickAnAccountItDidNotOffer() {
        String phone = Fixtures.aPhone();
        fixtures.aCpIn(admin, "MH", phone);
        fixtures.aCpIn(admin, "MH", phone);
        User stranger = fixtures.aCpIn(admin, "MH");
        AccountChoice choice = (AccountChoice) phoneSignIn.verifyCode(phone, codeSentTo(phone), Optional.empty());

        assertThatThrownBy(() -> phoneSignIn.chooseAccount(choice.choiceToken(), stranger.id()))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_CHOICE_TOKEN"));
        assertThatThrownBy(() -> phoneSignIn.chooseAccount("made-up-token", stranger.id()))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_CHOICE_TOKEN"));
        assertThat(signInAudit(stranger)).isEmpty();
    }

    @Test
    void aBlockedAccountIsRefused() {
        User cp = fixtures.aCpIn(admin, "MH");
        block(cp);

        assertThatThrownBy(() -> phoneSignIn.verifyCode(cp.phone(), codeSentTo(cp.phone()), Optional.empty()))
                .isInstanceOfSatisfying(Forbidden.class, e -> assertThat(e.code()).isEqualTo("USER_BLOCKED"));
        assertThat(Rows.count("SELECT count(*) FROM refresh_tokens WHERE user_id = ?", cp.id())).isZero();
    }

    @Test
    void anAccountBlockedAfterTheChoiceIsRefusedWhenChosen() {
        String phone = Fixtures.aPhone();
        User first = fixtures.aCpIn(admin, "MH", phone);
        fixtures.aCpIn(admin, "MH", phone);
        AccountChoice choice = (AccountChoice) phoneSignIn.verifyCode(phone, codeSentTo(phone), Optional.empty());
        block(first);

        assertThatThrownBy(() -> phoneSignIn.chooseAccount(choice.choiceToken(), first.id()))
                .isInstanceOfSatisfying(Forbidden.class, e -> assertThat(e.code()).isEqualTo("USER_BLOCKED"));
    }

    @Test
    void aBlockedAccountIsNotOfferedBesideAUsableOne() {
        String phone = Fixtures.aPhone();
        User blocked = fixtures.aCpIn(admin, "MH", phone);
        User usable = fixtures.aCpIn(admin, "MH", phone);
        block(blocked);

        Tokens tokens = (Tokens) phoneSignIn.verifyCode(phone, codeSentTo(phone), Optional.empty());

        assertThat(tokens.user().id()).isEqualTo(usable.id());
    }

    @Test
    void anInactiveAccountIsNotOffered() {
        String phone = Fixtures.aPhone();
        User inactive = fixtures.aCpIn(admin, "MH", phone);
        User active = fixtures.aCpIn(admin, "MH", phone);
        world.backend().users().updateUser(admin, inactive.id(),
                new UserChanges(Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(), Patch.of(false)));

        Tokens tokens = (Tokens) phoneSignIn.verifyCode(phone, codeSentTo(phone), Optional.empty());

        assertThat(tokens.user().id()).isEqualTo(active.id());
    }

    @Test
    void aPhoneWhoseOnlyAccountIsInactiveGetsNoSms() {
        User inactive = fixtures.aCpIn(admin, "MH");
        world.backend().users().updateUser(admin, inactive.id(),
                new UserChanges(Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(), Patch.of(false)));

        assertThat(phoneSignIn.requestCode(inactive.phone())).isEqualTo(new CodeSent(true, 300));

        assertThat(outbox.sentTo(inactive.phone())).isEmpty();
    }

    private String codeSentTo(String phone) {
        phoneSignIn.requestCode(phone);
        return outbox.latestCodeFor(phone);
    }

    private void block(User user) {
        world.backend().users().updateUser(admin, user.id(),
                new UserChanges(Patch.absent(), Patch.absent(), Patch.absent(), Patch.of(true), Patch.absent()));
    }

    private static String wrong(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    private static String phoneHash(String phone) {
        return secrets.hmac("phone:" + phone);
    }

    /** The sign-in audit entries of an account (creation and edits left out), oldest first. */
    private static List<String> signInAudit(User user) {
        return Rows.auditActions(user.id().toString()).stream().filter(action -> action.startsWith("SIGN")).toList();
    }
}
