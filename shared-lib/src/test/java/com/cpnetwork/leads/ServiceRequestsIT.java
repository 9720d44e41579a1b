package com.cpnetwork.leads;

import static com.cpnetwork.leads.LeadFixtures.ANY;
import static com.cpnetwork.leads.LeadFixtures.auditOf;
import static com.cpnetwork.leads.LeadFixtures.moveTo;
import static com.cpnetwork.testing.Fixtures.aPhone;
import static com.cpnetwork.testing.Fixtures.callerOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.cpnetwork.leads.LeadFixtures.AuditRow;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.errors.Forbidden;
import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.platform.errors.NotFound;
import com.cpnetwork.testing.Fixtures;
import com.cpnetwork.testing.MutableClock;
import com.cpnetwork.testing.Rows;
import com.cpnetwork.testing.TestBackend;
import com.cpnetwork.users.User;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A customer's cart becomes one lead, given to the least busy CP of the state or left for KAMs and admins. */
class ServiceRequestsIT {

    @RegisterExtension
    static final TestBackend world = TestBackend.perTestClass();

    private static LeadService leads;
    private static LeadFixtures fixtures;
    private static MutableClock clock;

    private Caller admin;
    private User customer;
    private Caller customerCaller;

    @BeforeAll
    static void theBackendsServices() {
        leads = world.backend().leads();
        fixtures = new LeadFixtures(world);
        clock = world.clock();
    }

    /** A fresh organization each time, so the CPs of a state are exactly the ones the test makes. */
    @BeforeEach
    void anOrganizationWithACustomer() {
        admin = world.fixtures().anOrganization();
        customer = world.fixtures().aCustomer(admin, aPhone());
        customerCaller = callerOf(customer);
    }

    @Test
    void aCartBecomesOneLeadWithALinePerServiceInOrder() {
        User cp = world.fixtures().aCpIn(admin, "GJ");
        ServiceRequest cart = new ServiceRequest(List.of(new RequestedService("EV_CHARGER", "7 kW wall box"),
                new RequestedService("SOLAR_ROOFTOP", "5 kW"), new RequestedService("MAINTENANCE", null)), "4 Ring Road, Surat", "GJ",
                "Weekends only");

        Lead lead = leads.requestService(customerCaller, cart);

        assertThat(lead.id()).matches("LEAD-\\d+");
        assertThat(lead.status()).isEqualTo(LeadStatus.NEW);
        assertThat(lead.customerId()).isEqualTo(customer.id());
        assertThat(lead.customerName()).isEqualTo(customer.name());
        assertThat(lead.customerPhone()).isEqualTo(customer.phone());
        assertThat(lead.address()).isEqualTo("4 Ring Road, Surat");
        assertThat(lead.remarks()).isEqualTo("Weekends only");
        assertThat(lead.source()).isEqualTo("CUSTOMER");
        assertThat(lead.createdBy()).isEqualTo(customer.id());
        assertThat(lead.cpId()).isEqualTo(cp.id());
        assertThat(lead.services()).isEqualTo(cart.services());
        assertThat(Rows.list("SELECT position, service_type, details FROM lead_services WHERE lead_id = ? ORDER BY position", lead.id()))
                .extracting(row -> row.get("position") + " " + row.get("service_type") + " " + row.get("details"))
                .containsExactly("0 EV_CHARGER 7 kW wall box", "1 SOLAR_ROOFTOP 5 kW", "2 MAINTENANCE null");
        assertThat(Rows.count("SELECT count(*) FROM leads WHERE customer_id = ?", customer.id())).isEqualTo(1);
        assertThat(leads.getLead(customerCaller, lead.id())).isEqualTo(lead);
        assertThat(leads.history(customerCaller, lead.id())).singleElement().satisfies(change -> {
            assertThat(change.to()).isEqualTo(LeadStatus.NEW);
            assertThat(change.actorId()).isEqualTo(customer.id());
        });
        assertThat(auditOf(lead.id())).singleElement().extracting(AuditRow::action, AuditRow::actorId)
                .containsExactly("LEAD_CREATED", customer.id());
    }

    @Test
    void theLeadGoesToTheActiveCpOfTheStateWithTheFewestOpenLeads() {
        User busy = world.fixtures().aCpIn(admin, "GJ");
        User lessBusy = world.fixtures().aCpIn(admin, "GJ");
        User idleButDeactivated = fixtures.deactivate(admin, world.fixtures().aCpIn(admin, "GJ"));
        User idleButBlocked = fixtures.block(admin, world.fixtures().aCpIn(admin, "GJ"));
        User idleElsewhere = world.fixtures().aCpIn(admin, "RJ");
        fixtures.aLeadOf(busy);
        fixtures.aLeadOf(busy);
        fixtures.aLeadOf(lessBusy);
        // Closed leads do not count: this CP has more leads but only one open.
        for (int i = 0; i < 3; i++) {
            leads.changeLead(callerOf(lessBusy), fixtures.aLeadOf(lessBusy).id(), moveTo(LeadStatus.LOST));
        }

        Lead lead = leads.requestService(customerCaller, new ServiceRequest(LeadFixtures.services("SOLAR_ROOFTOP"), null, "GJ", null));

        assertThat(lead.cpId()).isEqualTo(lessBusy.id()).isNotIn(idleButDeactivated.id(), idleButBlocked.id(), idleElsewhere.id());
        assertThat(leads.getLead(callerOf(lessBusy), lead.id())).isEqualTo(lead);
    }

    @Test
    void aTieGoesToTheLongestServingCpAndRequestsSpreadAcrossTheState() {
        User senior = world.fixtures().aCpIn(admin, "GJ");
        clock.advance(Duration.ofSeconds(1));
        User junior = world.fixtures().aCpIn(admin, "GJ");

        Lead first = leads.requestService(customerCaller, new ServiceRequest(LeadFixtures.services("MAINTENANCE"), null, "GJ", null));
        Lead second = leads.requestService(customerCaller, new ServiceRequest(LeadFixtures.services("MAINTENANCE"), null, "GJ", null));
        Lead third = leads.requestService(customerCaller, new ServiceRequest(LeadFixtures.services("MAINTENANCE"), null, "GJ", null));

        assertThat(List.of(first.cpId(), second.cpId(), third.cpId())).containsExactly(senior.id(), junior.id(), senior.id());
    }

    @Test
    void withNoActiveCpInTheStateTheLeadWaitsForKamsAndAdmins() {
        User kam = world.fixtures().aKam(admin);
        User otherKam = world.fixtures().aKam(admin);
        User cpElsewhere = fixtures.aCpOf(admin, kam, "MH");
        fixtures.deactivate(admin, fixtures.aCpOf(admin, kam, "RJ"));

        Lead lead = leads.requestService(customerCaller, new ServiceRequest(LeadFixtures.services("BATTERY_STORAGE"), null, "RJ", null));

        assertThat(lead.cpId()).isNull();
        for (Caller staff : List.of(admin, callerOf(kam), callerOf(otherKam))) {
            assertThat(leads.getLead(staff, lead.id())).isEqualTo(lead);
            assertThat(fixtures.idsListedBy(staff, ANY)).contains(lead.id());
        }
        assertThat(leads.getLead(customerCaller, lead.id())).isEqualTo(lead);
        assertThat(catchThrowable(() -> leads.getLead(callerOf(cpElsewhere), lead.id()))).isInstanceOf(NotFound.class);
        assertThat(fixtures.idsListedBy(callerOf(cpElsewhere), ANY)).doesNotContain(lead.id());
    }

    @Test
    void aKamAssignsAWaitingLeadToTheirCpOfTheState() {
        User kam = world.fixtures().aKam(admin);
        Lead waiting = leads.requestService(customerCaller, new ServiceRequest(LeadFixtures.services("EV_CHARGER"), null, "RJ", null));
        User newcomer = fixtures.aCpOf(admin, kam, "RJ");

        Lead assigned = leads.reassignLead(callerOf(kam), waiting.id(), newcomer.id(), false, null);

        assertThat(assigned.cpId()).isEqualTo(newcomer.id());
        assertThat(leads.getLead(callerOf(newcomer), waiting.id())).isEqualTo(assigned);
        assertThat(auditOf(waiting.id())).extracting(AuditRow::action).containsExactly("LEAD_CREATED", "LEAD_REASSIGNED");
        assertThat(auditOf(waiting.id()).get(1).oldValue().path("cpId").isNull()).isTrue();
    }

    @Test
    void anUnknownServiceTypeInTheCartIsRefusedNamingItsLine() {
        ServiceRequest cart = new ServiceRequest(LeadFixtures.services("SOLAR_ROOFTOP", "MAINTENANCE", "TIME_MACHINE"), null, "GJ", null);

        assertThat(catchThrowable(() -> leads.requestService(customerCaller, cart)))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsOnlyKeys("services[2].type"));
        assertThat(Rows.count("SELECT count(*) FROM leads WHERE customer_id = ?", customer.id())).isZero();
    }

    @Test
    void anEmptyCartOrAMissingStateIsRefused() {
        assertThat(catchThrowable(() -> new ServiceRequest(List.of(), null, "GJ", null)))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsOnlyKeys("services"));
        assertThat(catchThrowable(() -> new ServiceRequest(LeadFixtures.services("MAINTENANCE"), null, null, null)))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsOnlyKeys("stateCode"));
        assertThat(catchThrowable(() -> new ServiceRequest(LeadFixtures.services(new String[21]), null, "gj", null)))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsKeys("services", "stateCode"));
    }

    @Test
    void onlyCustomersRequestServices() {
        User cp = world.fixtures().aCpIn(admin, "GJ");
        ServiceRequest cart = new ServiceRequest(LeadFixtures.services("MAINTENANCE"), null, "GJ", null);

        for (Caller notACustomer : List.of(admin, callerOf(cp), callerOf(world.fixtures().aKam(admin)))) {
            assertThat(catchThrowable(() -> leads.requestService(notACustomer, cart))).isInstanceOf(Forbidden.class);
        }
    }

    @Test
    void aCpOfAnotherOrganizationIsNeverChosen() {
        User ours = world.fixtures().aCpIn(admin, "GJ");
        Caller otherAdmin = world.fixtures().anOrganization();
        User theirCustomer = world.fixtures().aCustomer(otherAdmin, Fixtures.aPhone());

        Lead lead = leads.requestService(callerOf(theirCustomer), new ServiceRequest(LeadFixtures.services("MAINTENANCE"), null, "GJ", null));

        assertThat(ours.stateCode()).isEqualTo(lead.stateCode());
        assertThat(lead.cpId()).isNull();
    }
}
