package com.cpnetwork.organizations;

import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * What else a new organization starts with (a starter catalog, say), set up by other features in the transaction
 * that creates it, so an organization is never half made. The composition root decides which features take part.
 */
@FunctionalInterface
public interface NewOrganizationSetup {
    void prepare(Handle handle, UUID orgId);
}
