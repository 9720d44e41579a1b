package com.cpnetwork.leads;

import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.PageRequest;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Test access to the one query the application lists leads with ({@code LeadRepository.list}), so a measurement
 * runs exactly the application's SQL in the caller's transaction rather than a copy of it.
 */
public final class LeadListingSql {

    private LeadListingSql() {
    }

    /** A page of leads as {@code service.listLeads} fetches it ({@code page.fetchSize()} rows at most). */
    public static List<Lead> list(LeadService service, Handle handle, Caller caller, LeadFilter filter, PageRequest page) {
        return new LeadRepository().list(handle, caller, filter, filter.search().flatMap(service::wholePhone), page);
    }
}
