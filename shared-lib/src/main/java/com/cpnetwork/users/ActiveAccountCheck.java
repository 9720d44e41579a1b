package com.cpnetwork.users;

import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.db.CallerCheck;
import com.cpnetwork.platform.errors.Forbidden;
import com.cpnetwork.platform.errors.Unauthorized;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Whether an account may act: checked first in every request's transaction (a token stays cryptographically valid
 * for two hours, but a blocked or deactivated account must be stopped at once), and at every sign-in and refresh. In a
 * request it reads only what it judges, in the same round trip as the transaction's scope.
 */
public final class ActiveAccountCheck implements CallerCheck {

    @Override
    public String query() {
        return "SELECT role, active, blocked_token FROM users WHERE id = ?";
    }

    @Override
    public void verify(ResultSet rows, Caller caller) throws SQLException {
        if (!rows.next() || !caller.role().name().equals(rows.getString("role"))) {
            throw new Unauthorized("INVALID_TOKEN", "The access token does not match an account");
        }
        refusal(rows.getBoolean("blocked_token"), rows.getBoolean("active")).ifPresent(refusal -> {
            throw refusal;
        });
    }

    /** Why an account that proved who it is may still not act: blocked, or deactivated. */
    public static Optional<Forbidden> refusalFor(User user) {
        return refusal(user.blockedToken(), user.active());
    }

    private static Optional<Forbidden> refusal(boolean blocked, boolean active) {
        if (blocked) {
            return Optional.of(new Forbidden("USER_BLOCKED", "This account is blocked"));
        }
        if (!active) {
            return Optional.of(new Forbidden("ACCOUNT_INACTIVE", "This account is deactivated"));
        }
        return Optional.empty();
    }
}
