package com.cpnetwork.auth;

import com.cpnetwork.audit.AuditEntry;
import com.cpnetwork.audit.AuditTrail;
import com.cpnetwork.audit.EntityType;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Role;
import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.db.TransactionScope;
import com.cpnetwork.platform.errors.Conflict;
import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.platform.errors.NotFound;
import com.cpnetwork.platform.errors.Unauthorized;
import com.cpnetwork.users.User;
import com.cpnetwork.users.Accounts;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;

/**
 * TOTP for staff: enroll (a new secret, pending) then activate (prove the app has it). Signed-in staff enroll with
 * their access token; staff of an organization that requires TOTP and who have none enroll during sign-in with the
 * {@code mfaToken} they got instead of tokens, and activation then signs them in.
 */
public final class MfaEnrollment {

    static final String ISSUER = "cpnetwork";

    /** The secret to put in an authenticator app, also as the URI a QR code carries. */
    public record Enrollment(String secret, String otpauthUri) {
    }

    private final Database database;
    private final Accounts users;
    private final MfaChallenges challenges;
    private final Totp totp;
    private final Sessions sessions;
    private final AuditTrail audit;
    private final Clock clock;

    MfaEnrollment(Database database, Accounts users, MfaChallenges challenges, Totp totp, Sessions sessions,
                  AuditTrail audit, Clock clock) {
        this.database = database;
        this.users = users;
        this.challenges = challenges;
        this.totp = totp;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Starts enrollment for the signed-in caller. Replacing an authenticator that is already active needs a code from
     * it ({@code currentCode}), so a stolen access token alone cannot swap the second factor.
     */
    public Enrollment enroll(Caller caller, Optional<String> currentCode) {
        caller.require(Role.ADMIN, Role.KAM);
        return database.asCaller(caller, handle -> {
            User user = currentUser(handle, caller);
            if (user.mfaEnabled()) {
                String code = currentCode.orElseThrow(() -> Invalid.field("currentTotp", "is required to replace an active authenticator"));
                OptionalLong step = users.totpSecret(handle, user.id()).map(secret -> totp.matchingStep(secret, code, clock.instant()))
                        .orElse(OptionalLong.empty());
                if (step.isEmpty() || !users.useTotpStep(handle, user.id(), step.getAsLong())) {
                    return Attempt.<Enrollment>refused(new Unauthorized("INVALID_TOTP", "The code from the current authenticator is wrong"));
                }
            }
            return Attempt.of(startEnrollment(handle, user));
        }).get();
    }

    public Enrollment enroll(String mfaToken) {
        return database.inTransaction(TransactionScope.signIn(), handle ->
                startEnrollment(handle, enrollingUser(handle, mfaToken).user()));
    }

    /** Turns TOTP on for the signed-in caller. */
    public void activate(Caller caller, String code) {
        caller.require(Role.ADMIN, Role.KAM);
        database.asCaller(caller, handle -> activation(handle, currentUser(handle, caller), code)).get();
    }

    /** Turns TOTP on during a forced enrollment and signs the account in. */
    public SignInResult.Tokens activate(String mfaToken, String code) {
        return database.inTransaction(TransactionScope.signIn(), handle -> {
            Enrolling enrolling = enrollingUser(handle, mfaToken);
            Attempt<Void> activated = activation(handle, enrolling.user(), code);
            if (activated.refusal() != null) {
                challenges.recordFailure(handle, enrolling.challenge());
                return Attempt.<SignInResult.Tokens>refused(activated.refusal());
            }
            if (!challenges.consume(handle, enrolling.challenge(), clock.instant())) {
                return Attempt.<SignInResult.Tokens>refused(PasswordSignIn.invalidMfaToken());
            }
            User enrolled = users.find(handle, enrolling.user().id()).orElseThrow(PasswordSignIn::invalidMfaToken);
            return Attempt.of(sessions.open(handle, enrolled, "PASSWORD_TOTP"));
        }).get();
    }

    private record Enrolling(MfaChallenges.Challenge challenge, User user) {
    }

    private Enrolling enrollingUser(Handle handle, String mfaToken) {
        MfaChallenges.Challenge challenge = challenges.find(handle, mfaToken, MfaChallenges.Purpose.ENROLL, clock.instant())
                .orElseThrow(PasswordSignIn::invalidMfaToken);
        User user = users.find(handle, challenge.userId()).orElseThrow(PasswordSignIn::invalidMfaToken);
        Database.narrowTo(handle, user.orgId(), user.id(), user.role().name());
        return new Enrolling(challenge, user);
    }

    private User currentUser(Handle handle, Caller caller) {
        return users.find(handle, caller.userId()).orElseThrow(() -> new NotFound("User"));
    }

    private Enrollment startEnrollment(Handle handle, User user) {
        String secret = totp.newSecret();
        users.setPendingTotpSecret(handle, user.id(), secret);
        audit.record(handle, AuditEntry.event(user.orgId(), user.id(), "MFA_ENROLLMENT_STARTED", EntityType.USER, user.id().toString(), Map.of()));
        return new Enrollment(secret, Totp.uri(ISSUER, user.email(), secret));
    }

    private Attempt<Void> activation(Handle handle, User user, String code) {
        Optional<String> pending = users.pendingTotpSecret(handle, user.id());
        if (pending.isEmpty()) {
            return Attempt.refused(new Conflict("MFA_NOT_ENROLLED", "Enroll first: there is no pending authenticator secret"));
        }
        Instant now = clock.instant();
        OptionalLong step = totp.matchingStep(pending.get(), code, now);
        if (step.isEmpty()) {
            return Attempt.refused(new Unauthorized("INVALID_TOTP", "The authenticator code is wrong"));
        }
        users.activatePendingTotp(handle, user.id(), step.getAsLong(), now);
        audit.record(handle, AuditEntry.changed(user.orgId(), user.id(), "MFA_ACTIVATED", EntityType.USER, user.id().toString(),
                Map.of("mfaEnabled", user.mfaEnabled()), Map.of("mfaEnabled", true)));
        return Attempt.of(null);
    }
}
