package com.cpnetwork.auth;

import com.cpnetwork.audit.AuditEntry;
import com.cpnetwork.audit.AuditTrail;
import com.cpnetwork.audit.EntityType;
import com.cpnetwork.notifications.Notification;
import com.cpnetwork.notifications.Notifier;
import com.cpnetwork.notifications.SmsTemplate;
import com.cpnetwork.organizations.Organization;
import com.cpnetwork.organizations.Organizations;
import com.cpnetwork.platform.PhoneNumbers;
import com.cpnetwork.platform.Role;
import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.db.TransactionScope;
import com.cpnetwork.platform.errors.Forbidden;
import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.platform.errors.RateLimited;
import com.cpnetwork.platform.errors.Unauthorized;
import com.cpnetwork.platform.security.Secrets;
import com.cpnetwork.users.ActiveAccountCheck;
import com.cpnetwork.users.User;
import com.cpnetwork.users.Accounts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Sign-in for channel partners and customers: a code by SMS, then the code. Known and unknown phones get the same
 * answers (only known ones get an SMS); wrong codes count toward a lock-out of the phone.
 */
public final class PhoneSignIn {

    /** The answer to a code request. */
    public record CodeSent(boolean otpSent, long expiresInSeconds) {
    }

    private final Database database;
    private final Accounts users;
    private final Organizations organizations;
    private final PhoneNumbers phones;
    private final Secrets secrets;
    private final SignInCodes codes;
    private final SignInLockout lockout;
    private final SignInChoices choices;
    private final Sessions sessions;
    private final Notifier notifier;
    private final AuditTrail audit;
    private final Clock clock;

    PhoneSignIn(Database database, Accounts users, Organizations organizations, PhoneNumbers phones, Secrets secrets,
                SignInCodes codes, SignInLockout lockout, SignInChoices choices, Sessions sessions, Notifier notifier,
                AuditTrail audit, Clock clock) {
        this.database = database;
        this.users = users;
        this.organizations = organizations;
        this.phones = phones;
        this.secrets = secrets;
        this.codes = codes;
        this.lockout = lockout;
        this.choices = choices;
        this.sessions = sessions;
        this.notifier = notifier;
        this.audit = audit;
        this.clock = clock;
    }

    /** {@code {"phone"}}: sends a code to the phone if it has an account. */
    public CodeSent requestCode(String phoneInput) {
        String phone = phones.normalize("phone", phoneInput);
        String phoneHash = phoneHash(phone);
        return database.inTransaction(TransactionScope.signIn(), handle -> {
            Instant now = clock.instant();
            Optional<Instant> locked = lockout.lockedUntil(handle, phoneHash, now);
            if (locked.isPresent()) {
                return Attempt.<CodeSent>refused(loginLocked());
            }
            Optional<Duration> wait = codes.waitBeforeNextCode(handle, phoneHash, now);
            if (wait.isPresent()) {
                return Attempt.<CodeSent>refused(new RateLimited(wait.get()));
            }
            String code = codes.issue(handle, phoneHash, now);
            List<User> accounts = users.findPhoneSignInAccounts(handle, phone);
            if (!accounts.isEmpty()) {
                UUID orgId = accounts.get(0).orgId();
                Database.narrowTo(handle, orgId, null, null);
                notifier.send(handle, orgId, Notification.sms(phone, SmsTemplate.SIGN_IN_CODE, Map.of("code", code)));
            }
            return Attempt.of(new CodeSent(true, SignInCodes.VALIDITY.toSeconds()));
        }).get();
    }

    /** {@code {"phone", "otp", "role"?}}: tokens, or a choice when several accounts share the phone. */
    public SignInResult verifyCode(String phoneInput, String otp, Optional<Role> role) {
        String phone = phones.normalize("phone", phoneInput);
        if (otp == null || !otp.matches("\\d{6}")) {
            throw Invalid.field("otp", "must be the 6-digit code");
        }
        String phoneHash = phoneHash(phone);
        return database.inTransaction(TransactionScope.signIn(), handle -> {
            Instant now = clock.instant();
            if (lockout.lockedUntil(handle, phoneHash, now).isPresent()) {
                return Attempt.<SignInResult>refused(loginLocked());
            }
            List<User> accounts = users.findPhoneSignInAccounts(handle, phone);
            if (!codes.consume(handle, phoneHash, otp, now)) {
                boolean lockedNow = lockout.recordFailure(handle, phoneHash, now);
                auditEach(handle, accounts, lockedNow ? "SIGN_IN_LOCKED" : "SIGN_IN_FAILED");
                return Attempt.<SignInResult>refused(lockedNow ? loginLocked()
                        : new Unauthorized("INVALID_CODE", "The code is wrong or has expired"));
            }
            lockout.clear(handle, phoneHash);
            List<User> matching = accounts.stream().filter(user -> role.isEmpty() || user.role() == role.get()).toList();
            if (matching.isEmpty()) {
                return Attempt.<SignInResult>refused(new Unauthorized("NO_MATCHING_ACCOUNT", "No account signs in with this phone"
                        + role.map(r -> " as " + r).orElse("")));
            }
            List<User> usable = matching.stream().filter(User::canSignIn).toList();
            if (usable.isEmpty()) {
                return Attempt.<SignInResult>refused(ActiveAccountCheck.refusalFor(matching.get(0)).orElseThrow());
            }
            if (usable.size() == 1) {
                return Attempt.<SignInResult>of(sessions.open(handle, usable.get(0), "PHONE_CODE"));
            }
            List<SignInResult.Account> offered = usable.stream().map(user -> new SignInResult.Account(user.id(), user.name(),
                    user.role(), organizations.find(handle, user.orgId()).map(Organization::name).orElse(""))).toList();
            String choiceToken = choices.create(handle, usable.stream().map(User::id).toList(), now);
            return Attempt.<SignInResult>of(new SignInResult.AccountChoice(offered, choiceToken));
        }).get();
    }

    /** {@code {"choiceToken", "userId"}}: signs in as one of the accounts offered. */
    public SignInResult.Tokens chooseAccount(String choiceToken, UUID userId) {
        return database.inTransaction(TransactionScope.signIn(), handle -> {
            Optional<List<UUID>> offered = choices.consume(handle, choiceToken, clock.instant());
            if (offered.isEmpty() || !offered.get().contains(userId)) {
                return Attempt.<SignInResult.Tokens>refused(new Unauthorized("INVALID_CHOICE_TOKEN",
                        "The choice token is unknown, expired, used, or does not offer this account"));
            }
            User user = users.find(handle, userId).orElseThrow(() -> new Unauthorized("INVALID_CHOICE_TOKEN", "The account is gone"));
            Optional<Forbidden> refusal = ActiveAccountCheck.refusalFor(user);
            if (refusal.isPresent()) {
                return Attempt.<SignInResult.Tokens>refused(refusal.get());
            }
            return Attempt.of(sessions.open(handle, user, "PHONE_CODE"));
        }).get();
    }

    /** Leaves the transaction narrowed to the last account's organization; callers refuse right after. */
    private void auditEach(Handle handle, List<User> accounts, String action) {
        for (User account : accounts) {
            Database.narrowTo(handle, account.orgId(), null, null);
            audit.record(handle, AuditEntry.event(account.orgId(), account.id(), action, EntityType.USER, account.id().toString(),
                    Map.of("method", "PHONE_CODE")));
        }
    }

    private String phoneHash(String phone) {
        return secrets.hmac("phone:" + phone);
    }

    static Forbidden loginLocked() {
        return new Forbidden("LOGIN_LOCKED", "Too many wrong attempts; try again in 15 minutes");
    }
}
