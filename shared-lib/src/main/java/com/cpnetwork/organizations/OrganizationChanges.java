package com.cpnetwork.organizations;

import com.cpnetwork.platform.FieldChecks;
import com.cpnetwork.platform.Patch;

/**
 * {@code PATCH /v1/organizations/current}: the profile and the organization-wide TOTP requirement. Absent fields stay
 * as they are; {@code legalName}, {@code gstin}, {@code stateCode} and {@code address} may be cleared with null.
 */
public record OrganizationChanges(Patch<String> name, Patch<String> legalName, Patch<String> gstin, Patch<String> stateCode,
                                  Patch<String> address, Patch<Integer> quotationValidityDays, Patch<Boolean> mfaRequired) {

    public OrganizationChanges {
        name = name.map(String::trim);
        legalName = legalName.map(String::trim);
        gstin = gstin.map(String::trim);
        address = address.map(String::trim);
        FieldChecks checks = new FieldChecks()
                .check(!name.present() || name.value() != null, "name", "cannot be cleared")
                .text("name", name.value(), 200)
                .text("legalName", legalName.value(), 200)
                .stateCode("stateCode", stateCode.value())
                .text("address", address.value(), 1000)
                .check(!quotationValidityDays.present() || quotationValidityDays.value() != null, "quotationValidityDays", "cannot be cleared")
                .check(quotationValidityDays.value() == null || quotationValidityDays.value() >= 1 && quotationValidityDays.value() <= 365,
                        "quotationValidityDays", "must be from 1 to 365")
                .check(!mfaRequired.present() || mfaRequired.value() != null, "mfaRequired", "must be true or false");
        if (gstin.value() != null) {
            Gstin.problem(gstin.value()).ifPresent(problem -> checks.check(false, "gstin", problem));
        }
        checks.verify();
    }

    /** Only the TOTP requirement changes. */
    public static OrganizationChanges requireMfa(boolean required) {
        return new OrganizationChanges(Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(),
                Patch.of(required));
    }
}
