package com.cpnetwork.organizations;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** SQL for organizations; row-level security shows a transaction only its own organization. */
final class OrganizationRepository {

    private static final String COLUMNS = "id, name, legal_name, gstin, state_code, address, quotation_validity_days, mfa_required, created_at";
    private static final RowMapper<Organization> ORGANIZATION = (row, context) -> new Organization(
            row.getObject("id", UUID.class), row.getString("name"), row.getString("legal_name"), row.getString("gstin"),
            row.getString("state_code"), row.getString("address"), row.getInt("quotation_validity_days"), row.getBoolean("mfa_required"),
            row.getObject("created_at", OffsetDateTime.class).toInstant());

    Optional<Organization> find(Handle handle, UUID id) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM organizations WHERE id = :id")
                .bind("id", id).map(ORGANIZATION).findOne();
    }

    void insert(Handle handle, Organization organization) {
        handle.createUpdate("INSERT INTO organizations (id, name, mfa_required, created_at) VALUES (:id, :name, :mfa, :at)")
                .bind("id", organization.id()).bind("name", organization.name())
                .bind("mfa", organization.mfaRequired()).bind("at", organization.createdAt())
                .execute();
    }

    void update(Handle handle, Organization organization) {
        handle.createUpdate("""
                UPDATE organizations SET name = :name, legal_name = :legalName, gstin = :gstin, state_code = :stateCode,
                                         address = :address, quotation_validity_days = :validityDays, mfa_required = :mfa
                 WHERE id = :id""")
                .bind("id", organization.id()).bind("name", organization.name()).bind("legalName", organization.legalName())
                .bind("gstin", organization.gstin()).bind("stateCode", organization.stateCode()).bind("address", organization.address())
                .bind("validityDays", organization.quotationValidityDays()).bind("mfa", organization.mfaRequired())
                .execute();
    }
}
