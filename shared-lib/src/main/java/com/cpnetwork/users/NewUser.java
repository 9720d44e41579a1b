package com.cpnetwork.users;

import com.cpnetwork.platform.FieldChecks;
import com.cpnetwork.platform.Role;
import java.util.UUID;

/** {@code POST /v1/users}: who to create. Phones and emails are normalized by the service. */
public record NewUser(Role role, String name, String email, String phone, String password, String stateCode, UUID kamId) {

    public NewUser {
        FieldChecks checks = new FieldChecks()
                .required("role", role)
                .required("name", name)
                .text("name", name, 200)
                .email("email", email == null ? null : email.trim())
                .phoneShape("phone", phone)
                .text("password", password, 1000)
                .stateCode("stateCode", stateCode);
        if (role != null) {
            checks.check(!role.isStaff() || email != null, "email", "is required for " + role)
                    .check(role.isStaff() || phone != null, "phone", "is required for " + role)
                    .check(role != Role.CP || stateCode != null, "stateCode", "is required for a CP")
                    .check(role.isStaff() || password == null, "password", "only staff (ADMIN, KAM) sign in with a password")
                    .check(role == Role.CP || kamId == null, "kamId", "only a CP has a KAM");
        }
        checks.verify();
    }
}
