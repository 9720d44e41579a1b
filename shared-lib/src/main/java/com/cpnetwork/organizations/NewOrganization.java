package com.cpnetwork.organizations;

import com.cpnetwork.platform.FieldChecks;

/** {@code POST /v1/organizations}: the organization and its first admin. */
public record NewOrganization(String name, String adminEmail, String adminName, String adminPassword) {
    public NewOrganization {
        new FieldChecks()
                .required("name", name).text("name", name, 200)
                .required("adminEmail", adminEmail).email("adminEmail", adminEmail == null ? null : adminEmail.trim())
                .required("adminName", adminName).text("adminName", adminName, 200)
                .required("adminPassword", adminPassword)
                .verify();
    }
}
