package com.cpnetwork.auth;

import com.cpnetwork.audit.AuditEntry;
import com.cpnetwork.audit.AuditTrail;
import com.cpnetwork.audit.EntityType;
import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.db.TransactionScope;
import com.cpnetwork.platform.errors.Forbidden;
import com.cpnetwork.platform.errors.Unauthorized;
import com.cpnetwork.users.ActiveAccountCheck;
import com.cpnetwork.users.User;
import com.cpnetwork.users.Accounts;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Opening, refreshing and ending sessions: an access token plus a rotating refresh token. */
public final class Sessions {

    private final Database database;
    private final Accounts users;
    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;
    private final AuditTrail audit;
    private final Clock clock;

    Sessions(Database database, Accounts users, AccessTokens accessTokens, RefreshTokens refreshTokens, AuditTrail audit, Clock clock) {
        this.database = database;
        this.users = users;
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.audit = audit;
        this.clock = clock;
    }

    /** Signs {@code user} in within the current transaction: a new token family and a SIGNED_IN audit entry. */
    SignInResult.Tokens open(Handle handle, User user, String method) {
        Database.narrowTo(handle, user.orgId(), user.id(), user.role().name());
        String refreshToken = refreshTokens.startFamily(handle, user.orgId(), user.id(), clock.instant());
        audit.record(handle, AuditEntry.event(user.orgId(), user.id(), "SIGNED_IN", EntityType.USER, user.id().toString(),
                Map.of("method", method)));
        return SignInResult.Tokens.of(accessTokens.issue(user), refreshToken, user);
    }

    /** {@code POST /v1/auth/refresh}: rotates the refresh token; reuse of a replaced one revokes the whole family. */
    public SignInResult.Tokens refresh(String refreshToken) {
        return database.inTransaction(TransactionScope.signIn(), handle -> {
            Instant now = clock.instant();
            Optional<RefreshTokens.Stored> found = refreshTokens.find(handle, refreshToken);
            if (found.isEmpty() || found.get().revoked()) {
                return Attempt.<SignInResult.Tokens>refused(invalidRefreshToken());
            }
            RefreshTokens.Stored stored = found.get();
            Database.narrowTo(handle, stored.orgId(), stored.userId(), null);
            if (stored.replaced()) {
                return Attempt.<SignInResult.Tokens>refused(reused(handle, stored, now));
            }
            // Refusals that leave the token unused come before the token is consumed.
            if (!stored.sessionExpiresAt().isAfter(now)) {
                return Attempt.<SignInResult.Tokens>refused(new Unauthorized("SESSION_EXPIRED", "The session ended; sign in again"));
            }
            User user = users.find(handle, stored.userId()).orElseThrow(Sessions::invalidRefreshToken);
            Optional<Forbidden> refusal = ActiveAccountCheck.refusalFor(user);
            if (refusal.isPresent()) {
                return Attempt.<SignInResult.Tokens>refused(refusal.get());
            }
            if (!refreshTokens.replace(handle, stored.id(), now)) {
                // A concurrent refresh consumed it first: the same token was presented twice.
                return Attempt.<SignInResult.Tokens>refused(reused(handle, stored, now));
            }
            String next = refreshTokens.issue(handle, user.orgId(), user.id(), stored.familyId(), stored.sessionExpiresAt(), now);
            return Attempt.of(SignInResult.Tokens.of(accessTokens.issue(user), next, user));
        }).get();
    }

    /** Presenting a replaced refresh token means it leaked: the whole family is revoked and the event audited. */
    private Unauthorized reused(Handle handle, RefreshTokens.Stored stored, Instant now) {
        refreshTokens.revokeFamily(handle, stored.familyId(), now);
        audit.record(handle, AuditEntry.event(stored.orgId(), stored.userId(), "REFRESH_TOKEN_REUSED", EntityType.USER,
                stored.userId().toString(), Map.of("family", stored.familyId().toString())));
        return new Unauthorized("REFRESH_TOKEN_REUSED", "This refresh token was already used; the session has been ended");
    }

    /** {@code POST /v1/auth/logout}: ends the token's session; unknown tokens are ignored. */
    public void logout(String refreshToken) {
        database.inTransaction(TransactionScope.signIn(), handle -> {
            refreshTokens.find(handle, refreshToken).ifPresent(stored -> {
                Database.narrowTo(handle, stored.orgId(), stored.userId(), null);
                refreshTokens.revokeFamily(handle, stored.familyId(), clock.instant());
                audit.record(handle, AuditEntry.event(stored.orgId(), stored.userId(), "SIGNED_OUT", EntityType.USER,
                        stored.userId().toString(), Map.of()));
            });
            return null;
        });
    }


    private static Unauthorized invalidRefreshToken() {
        return new Unauthorized("INVALID_REFRESH_TOKEN", "The refresh token is unknown, expired or revoked");
    }
}
