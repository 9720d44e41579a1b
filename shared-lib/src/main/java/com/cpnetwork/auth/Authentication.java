package com.cpnetwork.auth;

import com.cpnetwork.audit.AuditTrail;
import com.cpnetwork.notifications.Notifier;
import com.cpnetwork.organizations.Organizations;
import com.cpnetwork.platform.PhoneNumbers;
import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.security.Secrets;
import com.cpnetwork.users.PasswordHasher;
import com.cpnetwork.users.PasswordPolicy;
import com.cpnetwork.users.Accounts;
import java.time.Clock;

/** Builds the sign-in use cases from their collaborators; the parts they share stay inside this package. */
public final class Authentication {

    private final AccessTokens accessTokens;
    private final SigningKeys signingKeys;
    private final Sessions sessions;
    private final PhoneSignIn phoneSignIn;
    private final PasswordSignIn passwordSignIn;
    private final MfaEnrollment mfaEnrollment;
    private final PasswordReset passwordReset;

    public Authentication(AuthSettings settings, Database database, Accounts users, Organizations organizations,
                          PhoneNumbers phones, PasswordPolicy policy, PasswordHasher hasher, Notifier notifier,
                          AuditTrail audit, Clock clock) {
        Secrets secrets = new Secrets(settings.secret());
        SignInLockout lockout = new SignInLockout();
        MfaChallenges challenges = new MfaChallenges(secrets);
        RefreshTokens refreshTokens = new RefreshTokens(secrets);
        Totp totp = new Totp();
        this.signingKeys = settings.keys();
        this.accessTokens = new AccessTokens(settings.keys(), settings.issuer(), settings.audience(), clock);
        this.sessions = new Sessions(database, users, accessTokens, refreshTokens, audit, clock);
        this.phoneSignIn = new PhoneSignIn(database, users, organizations, phones, secrets, new SignInCodes(secrets), lockout,
                new SignInChoices(secrets), sessions, notifier, audit, clock);
        this.passwordSignIn = new PasswordSignIn(database, users, organizations, hasher, secrets, lockout, challenges, totp,
                sessions, audit, clock);
        this.mfaEnrollment = new MfaEnrollment(database, users, challenges, totp, sessions, audit, clock);
        this.passwordReset = new PasswordReset(database, users, policy, hasher, secrets, lockout, refreshTokens, notifier,
                audit, settings.publicAppUrl(), clock);
    }

    public AccessTokens accessTokens() {
        return accessTokens;
    }

    public SigningKeys signingKeys() {
        return signingKeys;
    }

    public Sessions sessions() {
        return sessions;
    }

    public PhoneSignIn phoneSignIn() {
        return phoneSignIn;
    }

    public PasswordSignIn passwordSignIn() {
        return passwordSignIn;
    }

    public MfaEnrollment mfaEnrollment() {
        return mfaEnrollment;
    }

    public PasswordReset passwordReset() {
        return passwordReset;
    }
}
