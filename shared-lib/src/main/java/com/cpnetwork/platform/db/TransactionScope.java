package com.cpnetwork.platform.db;

import java.util.Objects;
import java.util.UUID;

/**
 * Whose rows a transaction may touch. Row-level security in PostgreSQL reads these values, set with
 * {@code set_config(..., true)} at the start of every transaction, so a query that forgets its
 * organization filter still cannot see another organization's rows.
 */
public sealed interface TransactionScope {

    /** Rows of one organization, on behalf of a user (or of no user, for the platform operator). */
    record Organization(UUID orgId, UUID userId, String role) implements TransactionScope {
        public Organization {
            Objects.requireNonNull(orgId, "orgId");
        }
    }

    /**
     * Signing in, before the organization is known: lookups by phone, email or token hash may read across
     * organizations on the tables whose policies name the {@code sign_in} scope. Once the account is found, the
     * transaction narrows to its organization with {@link Database#narrowTo}.
     */
    record SignIn() implements TransactionScope {
    }

    /**
     * Background jobs that work across organizations (outbox relay, retention). Only the tables whose policies name
     * the {@code system} scope are visible, and only as their policies allow.
     */
    record System() implements TransactionScope {
    }

    static TransactionScope organization(UUID orgId) {
        return new Organization(orgId, null, null);
    }

    static TransactionScope user(UUID orgId, UUID userId, String role) {
        return new Organization(orgId, userId, role);
    }

    static TransactionScope signIn() {
        return new SignIn();
    }

    static TransactionScope system() {
        return new System();
    }
}
