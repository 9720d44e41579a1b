package com.cpnetwork.organizations;

import java.time.Instant;
import java.util.UUID;

/**
 * A tenant: a company using the platform. Nothing of one organization is visible to another. Its profile is printed
 * on every proposal; its state decides which GST a quotation charges.
 *
 * @param legalName             the registered name, when it differs from {@code name}
 * @param gstin                 its GST registration number
 * @param stateCode             where it is registered (two or three capital letters, e.g. MH)
 * @param quotationValidityDays how long a quotation stays open when it names no date of its own
 * @param mfaRequired           every staff account must sign in with TOTP; those without one enroll at their next sign-in
 */
public record Organization(UUID id, String name, String legalName, String gstin, String stateCode, String address,
                           int quotationValidityDays, boolean mfaRequired, Instant createdAt) {

    public static final int DEFAULT_QUOTATION_VALIDITY_DAYS = 30;

    /** A new organization with the default profile. */
    static Organization named(UUID id, String name, Instant createdAt) {
        return new Organization(id, name, null, null, null, null, DEFAULT_QUOTATION_VALIDITY_DAYS, false, createdAt);
    }

    /** The organization after {@code changes}. */
    Organization changedBy(OrganizationChanges changes) {
        return new Organization(id, changes.name().orElse(name), changes.legalName().orElse(legalName), changes.gstin().orElse(gstin),
                changes.stateCode().orElse(stateCode), changes.address().orElse(address),
                changes.quotationValidityDays().orElse(quotationValidityDays), changes.mfaRequired().orElse(mfaRequired), createdAt);
    }

    /** The name printed on documents: the legal name when there is one. */
    public String registeredName() {
        return legalName != null ? legalName : name;
    }
}
