package com.cpnetwork.organizations;

import com.cpnetwork.platform.FieldChecks;
import com.cpnetwork.platform.Patch;

/** {@code PATCH /v1/organizations/current}: name and the organization-wide TOTP requirement. */
public record OrganizationChanges(Patch<String> name, Patch<Boolean> mfaRequired) {
    public OrganizationChanges {
        name = name.map(String::trim);
        new FieldChecks()
                .check(!name.present() || name.value() != null, "name", "cannot be cleared")
                .text("name", name.value(), 200)
                .check(!mfaRequired.present() || mfaRequired.value() != null, "mfaRequired", "must be true or false")
                .verify();
    }
}
