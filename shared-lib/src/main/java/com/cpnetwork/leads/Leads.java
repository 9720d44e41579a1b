package com.cpnetwork.leads;

import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.errors.NotFound;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * Leads as the other features see them, inside their own transaction: a lead the caller may see, or 404 (another
 * organization's lead, another CP's, and an id that cannot be a lead's look the same). Thread-safe.
 */
public final class Leads {

    private static final Pattern LEAD_ID = Pattern.compile("LEAD-[0-9]{1,18}");

    private final LeadRepository leads = new LeadRepository();

    /** The lead {@code id} as {@code caller} sees it; with {@code lock} its row stays locked until the transaction ends. */
    public Lead visibleTo(Handle handle, Caller caller, String id, boolean lock) {
        if (id == null || !LEAD_ID.matcher(id).matches()) {
            throw new NotFound("Lead");
        }
        return leads.findVisible(handle, caller, id, lock).orElseThrow(() -> new NotFound("Lead " + id));
    }

    /**
     * Refuses with 404 unless {@code caller} may see the organization's customer {@code customerId}: customers see
     * themselves, CPs and KAMs the customers of the leads they see, admins every customer of the organization.
     */
    public void requireVisibleCustomer(Handle handle, Caller caller, UUID customerId) {
        if (customerId == null || !leads.seesCustomer(handle, caller, customerId)) {
            throw new NotFound("Customer");
        }
    }
}
