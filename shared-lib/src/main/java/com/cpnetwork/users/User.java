package com.cpnetwork.users;

import com.cpnetwork.platform.Role;
import java.time.Instant;
import java.util.UUID;

/**
 * An account as the API shows it; credentials (password hash, TOTP secret) never live in this type, so it is safe
 * to answer with and to keep in audit snapshots.
 *
 * @param stateCode  a CP's territory (e.g. {@code MH}); optional for other roles
 * @param kamId      the KAM who looks after this CP
 * @param mfaEnabled TOTP is active for this staff account
 */
public record User(
        UUID id,
        UUID orgId,
        Role role,
        String name,
        String email,
        String phone,
        String stateCode,
        UUID kamId,
        boolean active,
        boolean blockedToken,
        boolean mfaEnabled,
        Instant createdAt,
        Instant updatedAt) {

    /** May this account act right now? */
    public boolean canSignIn() {
        return active && !blockedToken;
    }
}
