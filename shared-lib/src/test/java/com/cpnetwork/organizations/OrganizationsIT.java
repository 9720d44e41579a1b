package com.cpnetwork.organizations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Patch;
import com.cpnetwork.platform.Role;
import com.cpnetwork.platform.errors.Conflict;
import com.cpnetwork.platform.errors.Forbidden;
import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.platform.errors.NotFound;
import com.cpnetwork.platform.errors.Unauthorized;
import com.cpnetwork.platform.json.Json;
import com.cpnetwork.testing.Fixtures;
import com.cpnetwork.testing.MutableClock;
import com.cpnetwork.testing.Rows;
import com.cpnetwork.testing.TestBackend;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Organizations are made by the platform operator with a shared key, then configured by their own admins. */
class OrganizationsIT {

    private static final String STRONG_PASSWORD = "amber-cactus-orbit-91";

    @RegisterExtension
    static final TestBackend world = TestBackend.perTestClass();

    private static OrganizationService organizations;
    private static Fixtures fixtures;

    @BeforeAll
    static void theBackendsServices() {
        organizations = world.backend().organizations();
        fixtures = world.fixtures();
    }

    @Test
    void withoutAConfiguredOperatorKeyTheEndpointDoesNotExist() {
        try (TestBackend unconfigured = TestBackend.start(MutableClock.startingNow(), Map.of("OPERATOR_API_KEY", ""))) {
            assertThatThrownBy(() -> unconfigured.backend().organizations().authenticateOperator(Optional.of(TestBackend.OPERATOR_KEY)))
                    .isInstanceOf(NotFound.class);
            assertThatThrownBy(() -> unconfigured.backend().organizations().authenticateOperator(Optional.empty()))
                    .isInstanceOf(NotFound.class);
        }
    }

    @Test
    void wrongOrMissingOperatorKeyIsRefusedAndCreatesNothing() {
        String email = Fixtures.anEmail("admin");

        assertThatThrownBy(() -> organizations.authenticateOperator(Optional.of("not-the-key")))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_OPERATOR_KEY"));
        assertThatThrownBy(() -> organizations.authenticateOperator(Optional.empty()))
                .isInstanceOfSatisfying(Unauthorized.class, e -> assertThat(e.code()).isEqualTo("INVALID_OPERATOR_KEY"));
        assertThat(Rows.count("SELECT count(*) FROM users WHERE email = ?", email)).isZero();
    }

    @Test
    void operatorCreatesAnOrganizationWithItsFirstAdmin() {
        String email = Fixtures.anEmail("Founder").toUpperCase();

        OrganizationCreated created = organizations.createOrganization(operator(),
                new NewOrganization("  Suryodaya Solar  ", email, "Meera Nair", STRONG_PASSWORD));

        assertThat(created.name()).isEqualTo("Suryodaya Solar");
        Map<String, Object> organization = Rows.list("SELECT name, mfa_required FROM organizations WHERE id = ?", created.id()).get(0);
        assertThat(organization).containsEntry("name", "Suryodaya Solar").containsEntry("mfa_required", false);
        Map<String, Object> admin = Rows.list("SELECT org_id, role, name, email, password_hash, active FROM users WHERE id = ?",
                created.adminUserId()).get(0);
        assertThat(admin).containsEntry("org_id", created.id()).containsEntry("role", "ADMIN").containsEntry("name", "Meera Nair")
                .containsEntry("email", email.toLowerCase()).containsEntry("active", true);
        assertThat((String) admin.get("password_hash")).startsWith("$argon2id$").doesNotContain(STRONG_PASSWORD);
        assertThat(Rows.auditActions(created.id().toString())).containsExactly("ORGANIZATION_CREATED");
        assertThat(Rows.auditActions(created.adminUserId().toString())).containsExactly("USER_CREATED");
        JsonNode adminSnapshot = json(Rows.one("SELECT new_value::text FROM audit_log WHERE entity_id = ? AND action = 'USER_CREATED'",
                created.adminUserId().toString()));
        assertThat(adminSnapshot.path("email").asText()).isEqualTo(email.toLowerCase());
        assertThat(adminSnapshot.toString()).doesNotContain("argon2").doesNotContain(STRONG_PASSWORD);
    }

    @Test
    void theFirstAdminCanActInTheNewOrganization() {
        Caller admin = fixtures.anOrganization();

        assertThat(organizations.current(admin).id()).isEqualTo(admin.orgId());
        assertThat(world.backend().users().me(admin).role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void anAdminEmailAlreadyUsedInAnyOrganizationIsTaken() {
        String email = Fixtures.anEmail("admin");
        fixtures.anOrganizationWithAdmin(email);
        long organizationsBefore = Rows.count("SELECT count(*) FROM organizations");

        assertThatThrownBy(() -> organizations.createOrganization(operator(), aRequest(email.toUpperCase())))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.code()).isEqualTo("EMAIL_TAKEN"));
        assertThat(Rows.count("SELECT count(*) FROM organizations")).isEqualTo(organizationsBefore);
    }

    @Test
    void anEmailOfAKamInAnotherOrganizationIsTakenToo() {
        fixtures.anOrganization();
        String kamEmail = fixtures.aKam().email();

        assertThatThrownBy(() -> organizations.createOrganization(operator(), aRequest(kamEmail)))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.code()).isEqualTo("EMAIL_TAKEN"));
    }

    @Test
    void weakAdminPasswordsAreRefusedNamingTheField() {
        for (String weak : List.of("short1!", "password123", "qwertyuiop")) {
            assertThat(catchThrowable(() -> organizations.createOrganization(operator(),
                    new NewOrganization("Org", Fixtures.anEmail("admin"), "Meera", weak))))
                    .as(weak)
                    .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsOnlyKeys("adminPassword"));
        }
        String email = Fixtures.anEmail("meera.nair");
        assertThatThrownBy(() -> organizations.createOrganization(operator(),
                new NewOrganization("Org", email, "Meera", email.substring(0, email.indexOf('@')))))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsOnlyKeys("adminPassword"));
        assertThat(Rows.count("SELECT count(*) FROM users WHERE email = ?", email)).isZero();
    }

    @Test
    void malformedRequestsNameEachField() {
        assertThatThrownBy(() -> new NewOrganization("Org", "not-an-email", "Meera", STRONG_PASSWORD))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsOnlyKeys("adminEmail"));
        assertThatThrownBy(() -> new NewOrganization(" ", "a@b", null, STRONG_PASSWORD))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsOnlyKeys("name", "adminEmail", "adminName"));
        assertThatThrownBy(() -> new NewOrganization("x".repeat(201), "a@example.com", "Meera", null))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsOnlyKeys("name", "adminPassword"));
    }

    @Test
    void adminRenamesTheOrganizationAndRequiresMfaWithAnAuditEntry() {
        Caller admin = fixtures.anOrganization();
        String oldName = organizations.current(admin).name();

        Organization updated = organizations.updateOrganization(admin, changes(Patch.of("Renamed Solar"), Patch.of(true)));

        assertThat(updated.name()).isEqualTo("Renamed Solar");
        assertThat(updated.mfaRequired()).isTrue();
        assertThat(Rows.list("SELECT name, mfa_required FROM organizations WHERE id = ?", admin.orgId()).get(0))
                .containsEntry("name", "Renamed Solar").containsEntry("mfa_required", true);
        Map<String, Object> entry = Rows.list("""
                SELECT actor_id, old_value::text AS old_value, new_value::text AS new_value FROM audit_log
                 WHERE entity_id = ? AND action = 'ORGANIZATION_UPDATED'""", admin.orgId().toString()).get(0);
        assertThat(entry.get("actor_id")).isEqualTo(admin.userId());
        assertThat(json(entry.get("old_value")).path("name").asText()).isEqualTo(oldName);
        assertThat(json(entry.get("old_value")).path("mfaRequired").asBoolean()).isFalse();
        assertThat(json(entry.get("new_value")).path("name").asText()).isEqualTo("Renamed Solar");
        assertThat(json(entry.get("new_value")).path("mfaRequired").asBoolean()).isTrue();
    }

    @Test
    void absentFieldsStayAsTheyAre() {
        Caller admin = fixtures.anOrganization();
        String name = organizations.current(admin).name();

        Organization updated = organizations.updateOrganization(admin, changes(Patch.absent(), Patch.of(true)));

        assertThat(updated.name()).isEqualTo(name);
        assertThat(updated.mfaRequired()).isTrue();
    }

    @Test
    void aKamCannotChangeTheOrganization() {
        Caller admin = fixtures.anOrganization();
        Caller kam = Fixtures.callerOf(fixtures.aKam(admin));

        assertThatThrownBy(() -> organizations.updateOrganization(kam, changes(Patch.of("Hijacked"), Patch.absent())))
                .isInstanceOf(Forbidden.class);
        assertThat(organizations.current(admin).name()).isNotEqualTo("Hijacked");
    }

    @Test
    void theNameCannotBeCleared() {
        assertThatThrownBy(() -> changes(Patch.of(null), Patch.absent()))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsOnlyKeys("name"));
    }

    @Test
    void aRenameIsTrimmedLikeTheNameAtCreation() {
        Caller admin = fixtures.anOrganization();

        assertThat(organizations.updateOrganization(admin, changes(Patch.of("  Spaced Solar  "), Patch.absent())).name())
                .isEqualTo("Spaced Solar");
        assertThatThrownBy(() -> changes(Patch.of("   "), Patch.absent()))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsOnlyKeys("name"));
    }

    private OperatorKey.Operator operator() {
        return organizations.authenticateOperator(Optional.of(TestBackend.OPERATOR_KEY));
    }

    private static NewOrganization aRequest(String adminEmail) {
        return new NewOrganization("Org " + UUID.randomUUID(), adminEmail, "Meera Nair", STRONG_PASSWORD);
    }

    private static JsonNode json(Object text) {
        try {
            return Json.MAPPER.readTree((String) text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static OrganizationChanges changes(Patch<String> name, Patch<Boolean> mfaRequired) {
        return new OrganizationChanges(name, Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(), mfaRequired);
    }
}
