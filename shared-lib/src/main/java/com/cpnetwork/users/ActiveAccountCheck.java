package com.cpnetwork.users;

import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.db.CallerCheck;
import com.cpnetwork.platform.errors.Forbidden;
import com.cpnetwork.platform.errors.Unauthorized;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Runs first in every request's transaction: a token stays cryptographically valid for two hours, but a blocked or
 * deactivated account must be stopped at once.
 */
public final class ActiveAccountCheck implements CallerCheck {

    @Override
    public void verify(Handle handle, Caller caller) {
        Optional<Map<String, Object>> account = handle.createQuery("SELECT role, active, blocked_token FROM users WHERE id = :id")
                .bind("id", caller.userId()).mapToMap().findOne();
        if (account.isEmpty() || !caller.role().name().equals(account.get().get("role"))) {
            throw new Unauthorized("INVALID_TOKEN", "The access token does not match an account");
        }
        if (Boolean.TRUE.equals(account.get().get("blocked_token"))) {
            throw new Forbidden("USER_BLOCKED", "This account is blocked");
        }
        if (!Boolean.TRUE.equals(account.get().get("active"))) {
            throw new Forbidden("ACCOUNT_INACTIVE", "This account is deactivated");
        }
    }
}
