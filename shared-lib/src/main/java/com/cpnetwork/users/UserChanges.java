package com.cpnetwork.users;

import com.cpnetwork.platform.FieldChecks;
import com.cpnetwork.platform.Patch;
import java.util.UUID;

/** {@code PATCH /v1/users/{id}}: the fields to change; absent fields stay as they are. */
public record UserChanges(Patch<String> name, Patch<String> stateCode, Patch<UUID> kamId, Patch<Boolean> blockedToken, Patch<Boolean> active) {

    public UserChanges {
        name = name.map(String::trim);
        new FieldChecks()
                .check(!name.present() || name.value() != null, "name", "cannot be cleared")
                .text("name", name.value(), 200)
                .stateCode("stateCode", stateCode.value())
                .check(!blockedToken.present() || blockedToken.value() != null, "blockedToken", "must be true or false")
                .check(!active.present() || active.value() != null, "active", "must be true or false")
                .verify();
    }

    User applyTo(User user, java.time.Instant now) {
        return new User(user.id(), user.orgId(), user.role(), name.orElse(user.name()), user.email(), user.phone(),
                stateCode.orElse(user.stateCode()), kamId.orElse(user.kamId()), active.orElse(user.active()),
                blockedToken.orElse(user.blockedToken()), user.mfaEnabled(), user.createdAt(), now);
    }
}
