package com.cpnetwork.leads;

import static com.cpnetwork.testing.Fixtures.aPhone;
import static com.cpnetwork.testing.Fixtures.callerOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.errors.Conflict;
import com.cpnetwork.platform.errors.Forbidden;
import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.testing.TestBackend;
import com.cpnetwork.testing.TestInfrastructure;
import com.cpnetwork.users.User;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each organization's catalog of services: five to start with, more added by its admins. */
class ServiceCatalogIT {

    @RegisterExtension
    static final TestBackend world = TestBackend.perTestClass();

    private static ServiceCatalog catalog;

    private Caller admin;

    @BeforeAll
    static void theBackendsServices() {
        catalog = world.backend().serviceCatalog();
    }

    @BeforeEach
    void anOrganization() {
        admin = world.fixtures().anOrganization();
    }

    @Test
    void aNewOrganizationStartsWithTheFiveStarterTypes() {
        assertThat(catalog.listServiceTypes(admin)).extracting(ServiceType::code, ServiceType::name).containsExactly(
                org.assertj.core.groups.Tuple.tuple("BATTERY_STORAGE", "Battery storage"),
                org.assertj.core.groups.Tuple.tuple("EV_CHARGER", "EV charger"),
                org.assertj.core.groups.Tuple.tuple("MAINTENANCE", "Maintenance"),
                org.assertj.core.groups.Tuple.tuple("SOLAR_ROOFTOP", "Solar rooftop"),
                org.assertj.core.groups.Tuple.tuple("SOLAR_WATER_HEATER", "Solar water heater"));
    }

    @Test
    void everyRoleReadsTheCatalog() {
        User cp = world.fixtures().aCpIn(admin, "MH");
        for (Caller caller : List.of(callerOf(world.fixtures().aKam(admin)), callerOf(cp),
                callerOf(world.fixtures().aCustomer(admin, aPhone())))) {
            assertThat(catalog.listServiceTypes(caller)).as(caller.role().name()).hasSize(5);
        }
    }

    @Test
    void anAdminAddsAServiceTypeThatLeadsMayThenAskFor() {
        User cp = world.fixtures().aCpIn(admin, "MH");
        NewLead heatPump = new NewLead("Ravi", aPhone(), null, "MH", LeadFixtures.services("HEAT_PUMP"), null, null, null);
        assertThat(catchThrowable(() -> world.backend().leads().createLead(callerOf(cp), heatPump))).isInstanceOf(Invalid.class);

        ServiceType added = catalog.addServiceType(admin, "HEAT_PUMP", "  Heat pump ");

        assertThat(added.code()).isEqualTo("HEAT_PUMP");
        assertThat(added.name()).isEqualTo("Heat pump");
        assertThat(added.createdAt()).isEqualTo(world.clock().instant());
        assertThat(catalog.listServiceTypes(callerOf(cp))).extracting(ServiceType::code).contains("HEAT_PUMP").hasSize(6);
        assertThat(world.backend().leads().createLead(callerOf(cp), heatPump).lead().services())
                .containsExactly(new RequestedService("HEAT_PUMP", null));
    }

    @Test
    void anExistingCodeIsAConflict() {
        catalog.addServiceType(admin, "HEAT_PUMP", "Heat pump");

        for (String taken : List.of("HEAT_PUMP", "SOLAR_ROOFTOP")) {
            assertThat(catchThrowable(() -> catalog.addServiceType(admin, taken, "Again")))
                    .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.code()).isEqualTo("SERVICE_TYPE_EXISTS"));
        }
        assertThat(catalog.listServiceTypes(admin)).filteredOn(type -> type.code().equals("HEAT_PUMP"))
                .singleElement().extracting(ServiceType::name).isEqualTo("Heat pump");
    }

    @Test
    void catalogsAreSeparatePerOrganization() {
        Caller otherAdmin = world.fixtures().anOrganization();

        catalog.addServiceType(admin, "HEAT_PUMP", "Heat pump");

        assertThat(catalog.listServiceTypes(otherAdmin)).extracting(ServiceType::code).doesNotContain("HEAT_PUMP");
        assertThat(catalog.addServiceType(otherAdmin, "HEAT_PUMP", "Their heat pump").name()).isEqualTo("Their heat pump");
    }

    @Test
    void aTypeAddedThroughAnotherInstanceIsAcceptedAtOnce() throws SQLException {
        Caller cp = callerOf(world.fixtures().aCpIn(admin, "MH"));
        world.backend().leads().createLead(cp, new NewLead("Ravi", aPhone(), null, "MH", LeadFixtures.services("SOLAR_ROOFTOP"),
                null, null, null));
        // Another instance's admin adds a type: this instance's catalog learns of it only from the database.
        try (Connection owner = TestInfrastructure.get().ownerConnection();
             PreparedStatement insert = owner.prepareStatement(
                     "INSERT INTO service_types (org_id, code, name, created_at) VALUES (?, 'HEAT_PUMP', 'Heat pump', now())")) {
            insert.setObject(1, admin.orgId());
            insert.executeUpdate();
        }

        NewLead heatPump = new NewLead("Asha", aPhone(), null, "MH", LeadFixtures.services("HEAT_PUMP"), null, null, null);

        assertThat(world.backend().leads().createLead(cp, heatPump).lead().services()).extracting(RequestedService::type)
                .containsExactly("HEAT_PUMP");
    }

    @Test
    void aTypeKnownToAnotherOrganizationIsStillRefused() {
        Caller otherAdmin = world.fixtures().anOrganization();
        catalog.addServiceType(otherAdmin, "HEAT_PUMP", "Heat pump");
        world.backend().leads().createLead(callerOf(world.fixtures().aCpIn(otherAdmin, "MH")), new NewLead("Ravi", aPhone(), null, "MH",
                LeadFixtures.services("HEAT_PUMP"), null, null, null));

        NewLead heatPump = new NewLead("Asha", aPhone(), null, "MH", LeadFixtures.services("HEAT_PUMP"), null, null, null);

        assertThat(catchThrowable(() -> world.backend().leads().createLead(callerOf(world.fixtures().aCpIn(admin, "MH")), heatPump)))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsOnlyKeys("services[0].type"));
    }

    @Test
    void onlyAdminsAddServiceTypes() {
        List<Caller> others = List.of(callerOf(world.fixtures().aKam(admin)), callerOf(world.fixtures().aCpIn(admin, "MH")),
                callerOf(world.fixtures().aCustomer(admin, aPhone())));

        for (Caller caller : others) {
            assertThat(catchThrowable(() -> catalog.addServiceType(caller, "HEAT_PUMP", "Heat pump"))).as(caller.role().name())
                    .isInstanceOf(Forbidden.class);
        }
        assertThat(catalog.listServiceTypes(admin)).hasSize(5);
    }

    @Test
    void malformedCodesAndNamesAreInvalid() {
        for (String code : Arrays.asList(null, "", "heat_pump", "H", "1HEAT", "_HEAT", "HEAT-PUMP", "HEAT PUMP", "H" + "E".repeat(50))) {
            assertThat(catchThrowable(() -> catalog.addServiceType(admin, code, "Heat pump"))).as("code [%s]", code)
                    .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsOnlyKeys("code"));
        }
        for (String name : Arrays.asList(null, "", "   ", "n".repeat(201))) {
            assertThat(catchThrowable(() -> catalog.addServiceType(admin, "HEAT_PUMP", name))).as("name [%s]", name)
                    .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsOnlyKeys("name"));
        }
        assertThat(catalog.addServiceType(admin, "H" + "E".repeat(49), "Longest code").code()).hasSize(50);
    }
}
