package com.cpnetwork.organizations;

import java.util.UUID;

/** What the operator gets back: the new organization and its first admin's account id. */
public record OrganizationCreated(UUID id, String name, UUID adminUserId) {
}
