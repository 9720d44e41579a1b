package com.cpnetwork.organizations;

import java.time.Instant;
import java.util.UUID;

/**
 * A tenant: a company using the platform. Nothing of one organization is visible to another.
 *
 * @param mfaRequired every staff account must sign in with TOTP; those without one enroll at their next sign-in
 */
public record Organization(UUID id, String name, boolean mfaRequired, Instant createdAt) {
}
