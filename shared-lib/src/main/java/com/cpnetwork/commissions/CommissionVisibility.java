package com.cpnetwork.commissions;

import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Role;
import java.util.Map;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Which commission entries a role sees: admins all; KAMs those of the CPs they look after; CPs their own; customers
 * none. The one statement of the rule, as SQL over entries aliased {@code c}, for the commission lists and the
 * pipeline report; row-level security already keeps other organizations out.
 */
public final class CommissionVisibility {

    private static final Map<Role, String> CONDITION = Map.of(
            Role.ADMIN, "TRUE",
            Role.KAM, "c.cp_id IN (SELECT u.id FROM users u WHERE u.kam_id = :caller)",
            Role.CP, "c.cp_id = :caller",
            Role.CUSTOMER, "FALSE");

    private CommissionVisibility() {
    }

    public static String condition(Caller caller) {
        return CONDITION.get(caller.role());
    }

    /** Binds what {@link #condition} needs ({@code :caller}, except for admins and customers). */
    public static <S extends SqlStatement<S>> S bind(S statement, Caller caller) {
        return caller.role() == Role.KAM || caller.role() == Role.CP ? statement.bind("caller", caller.userId()) : statement;
    }
}
