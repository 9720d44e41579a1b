package com.cpnetwork.users;

import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.db.CallerCheck;
import com.cpnetwork.platform.errors.Forbidden;
import com.cpnetwork.platform.errors.Unauthorized;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Whether an account may act: checked first in every request's transaction (a token stays cryptographically valid
 * for two hours, but a blocked or deactivated account must be stopped at once), and at every sign-in and refresh.
 */
public final class ActiveAccountCheck implements CallerCheck {

    private final Accounts users;

    public ActiveAccountCheck(Accounts users) {
        this.users = users;
    }

    @Override
    public void verify(Handle handle, Caller caller) {
        User account = users.find(handle, caller.userId())
                .filter(user -> user.role() == caller.role())
                .orElseThrow(() -> new Unauthorized("INVALID_TOKEN", "The access token does not match an account"));
        refusalFor(account).ifPresent(refusal -> {
            throw refusal;
        });
    }

    /** Why an account that proved who it is may still not act: blocked, or deactivated. */
    public static Optional<Forbidden> refusalFor(User user) {
        if (user.blockedToken()) {
            return Optional.of(new Forbidden("USER_BLOCKED", "This account is blocked"));
        }
        if (!user.active()) {
            return Optional.of(new Forbidden("ACCOUNT_INACTIVE", "This account is deactivated"));
        }
        return Optional.empty();
    }
}
