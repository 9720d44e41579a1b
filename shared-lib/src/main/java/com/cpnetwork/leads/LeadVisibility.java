package com.cpnetwork.leads;

import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Role;
import java.util.Map;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Which of its organization's leads a role sees: admins all; KAMs their CPs' leads and the unassigned ones; CPs their
 * own; customers theirs. The one statement of the rule, as SQL over a lead aliased {@code l}, for every query that
 * lists leads or what hangs off them (quotations, documents, commissions); row-level security already keeps other
 * organizations out.
 */
public final class LeadVisibility {

    private static final Map<Role, String> CONDITION = Map.of(
            Role.ADMIN, "TRUE",
            Role.KAM, "(l.cp_id IS NULL OR l.cp_id IN (SELECT u.id FROM users u WHERE u.kam_id = :caller))",
            Role.CP, "(l.cp_id = :caller)",
            Role.CUSTOMER, "(l.customer_id = :caller)");

    private LeadVisibility() {
    }

    /** The SQL condition for {@code caller}'s role, over leads aliased {@code l}; bind it with {@link #bind}. */
    public static String condition(Caller caller) {
        return CONDITION.get(caller.role());
    }

    /**
     * The same rule over a row that names its lead in {@code leadIdColumn} (constant SQL such as {@code q.lead_id}),
     * without joining the lead for admins, who see every lead: for reads of many rows hanging off leads. Bind it with
     * {@link #bind}.
     */
    public static String ofLeadIn(Caller caller, String leadIdColumn) {
        return caller.role() == Role.ADMIN ? "TRUE"
                : "EXISTS (SELECT FROM leads l WHERE l.id = " + leadIdColumn + " AND " + condition(caller) + ")";
    }

    /** Binds what {@link #condition} needs ({@code :caller}, except for admins). */
    public static <S extends SqlStatement<S>> S bind(S statement, Caller caller) {
        return caller.role() == Role.ADMIN ? statement : statement.bind("caller", caller.userId());
    }
}
