package com.cpnetwork.platform;

import com.cpnetwork.platform.errors.Forbidden;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/** The authenticated user a use case runs for: every service method takes one and works inside its organization. */
public record Caller(UUID userId, UUID orgId, Role role) {

    public Caller {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(role, "role");
    }

    public boolean is(Role... roles) {
        return Arrays.asList(roles).contains(role);
    }

    /** Refuses with 403 unless the caller has one of {@code roles}. */
    public void require(Role... roles) {
        if (!is(roles)) {
            throw new Forbidden("This action is not allowed for the " + role + " role");
        }
    }
}
