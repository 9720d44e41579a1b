package com.cpnetwork.organizations;

import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** Organizations as the other features read them, inside their own transaction (row-level security applies). */
public final class Organizations {

    private final OrganizationRepository organizations = new OrganizationRepository();

    public Optional<Organization> find(Handle handle, UUID id) {
        return organizations.find(handle, id);
    }
}
