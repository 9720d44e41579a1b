package com.cpnetwork.auth;

import com.cpnetwork.audit.AuditEntry;
import com.cpnetwork.audit.AuditTrail;
import com.cpnetwork.audit.EntityType;
import com.cpnetwork.organizations.Organizations;
import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.db.TransactionScope;
import com.cpnetwork.platform.errors.Forbidden;
import com.cpnetwork.platform.errors.Unauthorized;
import com.cpnetwork.platform.security.Secrets;
import com.cpnetwork.users.PasswordHasher;
import com.cpnetwork.users.ActiveAccountCheck;
import com.cpnetwork.users.User;
import com.cpnetwork.users.Accounts;
import com.cpnetwork.users.UserService;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Sign-in for staff: email and password, then a TOTP code when the account has one. Unknown emails cost the same
 * time and get the same answer as wrong passwords. The password is checked outside any transaction, so a slow
 * hash never holds a database connection.
 */
public final class PasswordSignIn {

    private record Candidate(Optional<Instant> lockedUntil, Optional<User> user, Optional<String> passwordHash) {
    }

    private final Database database;
    private final Accounts users;
    private final Organizations organizations;
    private final PasswordHasher hasher;
    private final Secrets secrets;
    private final SignInLockout lockout;
    private final MfaChallenges challenges;
    private final Totp totp;
    private final Sessions sessions;
    private final AuditTrail audit;
    private final Clock clock;

    PasswordSignIn(Database database, Accounts users, Organizations organizations, PasswordHasher hasher,
                   Secrets secrets, SignInLockout lockout, MfaChallenges challenges, Totp totp, Sessions sessions,
                   AuditTrail audit, Clock clock) {
        this.database = database;
        this.users = users;
        this.organizations = organizations;
        this.hasher = hasher;
        this.secrets = secrets;
        this.lockout = lockout;
        this.challenges = challenges;
        this.totp = totp;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
    }

    /** {@code {"email", "password"}}: tokens, or the TOTP step, or a forced TOTP enrollment. */
    public SignInResult signIn(String emailInput, String password) {
        String email = UserService.normalizeEmail(emailInput);
        String emailHash = secrets.hmac("email:" + email);
        Candidate candidate = database.inTransaction(TransactionScope.signIn(), handle -> {
            Optional<User> user = users.findStaffByEmail(handle, email);
            return new Candidate(lockout.lockedUntil(handle, emailHash, clock.instant()), user,
                    user.flatMap(found -> users.passwordHash(handle, found.id())));
        });
        if (candidate.lockedUntil().isPresent()) {
            throw PhoneSignIn.loginLocked();
        }
        boolean correct;
        if (candidate.passwordHash().isPresent()) {
            correct = hasher.matches(candidate.passwordHash().get(), password);
        } else {
            hasher.spendVerificationTime(password);
            correct = false;
        }
        return database.inTransaction(TransactionScope.signIn(), handle -> {
            Instant now = clock.instant();
            if (!correct) {
                boolean lockedNow = lockout.recordFailure(handle, emailHash, now);
                candidate.user().ifPresent(user -> auditSignIn(handle, user, lockedNow ? "SIGN_IN_LOCKED" : "SIGN_IN_FAILED"));
                return Attempt.<SignInResult>refused(lockedNow ? PhoneSignIn.loginLocked()
                        : new Unauthorized("INVALID_CREDENTIALS", "The email or password is wrong"));
            }
            lockout.clear(handle, emailHash);
            User user = candidate.user().orElseThrow();
            Optional<Forbidden> refusal = ActiveAccountCheck.refusalFor(user);
            if (refusal.isPresent()) {
                return Attempt.<SignInResult>refused(refusal.get());
            }
            boolean organizationRequiresMfa = organizations.find(handle, user.orgId()).orElseThrow().mfaRequired();
            Database.narrowTo(handle, user.orgId(), user.id(), user.role().name());
            if (user.mfaEnabled()) {
                return Attempt.<SignInResult>of(new SignInResult.MfaRequired(true,
                        challenges.create(handle, user.orgId(), user.id(), MfaChallenges.Purpose.VERIFY, now)));
            }
            if (organizationRequiresMfa) {
                return Attempt.<SignInResult>of(new SignInResult.MfaEnrollmentRequired(true,
                        challenges.create(handle, user.orgId(), user.id(), MfaChallenges.Purpose.ENROLL, now)));
            }
            return Attempt.<SignInResult>of(sessions.open(handle, user, "PASSWORD"));
        }).get();
    }

    /** {@code {"mfaToken", "totp"}}: the second step. A code is accepted once, so it cannot be replayed. */
    public SignInResult.Tokens completeMfa(String mfaToken, String code) {
        return database.inTransaction(TransactionScope.signIn(), handle -> {
            Instant now = clock.instant();
            Optional<MfaChallenges.Challenge> challenge = challenges.find(handle, mfaToken, MfaChallenges.Purpose.VERIFY, now);
            if (challenge.isEmpty()) {
                return Attempt.<SignInResult.Tokens>refused(invalidMfaToken());
            }
            User user = users.find(handle, challenge.get().userId()).orElseThrow(PasswordSignIn::invalidMfaToken);
            Database.narrowTo(handle, user.orgId(), user.id(), user.role().name());
            OptionalLong step = users.totpSecret(handle, user.id())
                    .map(secret -> totp.matchingStep(secret, code, now)).orElse(OptionalLong.empty());
            if (step.isEmpty() || !users.useTotpStep(handle, user.id(), step.getAsLong())) {
                challenges.recordFailure(handle, challenge.get());
                auditSignIn(handle, user, "SIGN_IN_FAILED");
                return Attempt.<SignInResult.Tokens>refused(new Unauthorized("INVALID_TOTP", "The authenticator code is wrong"));
            }
            if (!challenges.consume(handle, challenge.get(), now)) {
                return Attempt.<SignInResult.Tokens>refused(invalidMfaToken());
            }
            Optional<Forbidden> refusal = ActiveAccountCheck.refusalFor(user);
            if (refusal.isPresent()) {
                return Attempt.<SignInResult.Tokens>refused(refusal.get());
            }
            return Attempt.of(sessions.open(handle, user, "PASSWORD_TOTP"));
        }).get();
    }

    private void auditSignIn(org.jdbi.v3.core.Handle handle, User user, String action) {
        Database.narrowTo(handle, user.orgId(), null, null);
        audit.record(handle, AuditEntry.event(user.orgId(), user.id(), action, EntityType.USER, user.id().toString(), Map.of("method", "PASSWORD")));
    }

    static Unauthorized invalidMfaToken() {
        return new Unauthorized("INVALID_MFA_TOKEN", "The MFA token is unknown, expired or used up");
    }
}
