package com.cpnetwork.leads;

import static com.cpnetwork.leads.LeadFixtures.ANY;
import static com.cpnetwork.leads.LeadFixtures.aNewLeadNamed;
import static com.cpnetwork.leads.LeadFixtures.moveTo;
import static com.cpnetwork.leads.LeadFixtures.remarks;
import static com.cpnetwork.leads.LeadFixtures.search;
import static com.cpnetwork.testing.Fixtures.aPhone;
import static com.cpnetwork.testing.Fixtures.callerOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.PageRequest;
import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.platform.errors.NotFound;
import com.cpnetwork.testing.MutableClock;
import com.cpnetwork.testing.TestBackend;
import com.cpnetwork.testing.TestInfrastructure;
import com.cpnetwork.users.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who sees which leads, in one organization with two KAMs, their CPs, a CP without a KAM, two customers and a lead
 * waiting for a CP; plus a second organization. Lists and single reads must agree, filters narrow what a role sees,
 * and pages walk a list without gaps or repeats.
 */
class LeadVisibilityIT {

    @RegisterExtension
    static final TestBackend world = TestBackend.perTestClass();

    private static LeadService leads;
    private static LeadFixtures fixtures;
    private static MutableClock clock;

    private static Caller admin;
    private static User kamA;
    private static User kamB;
    private static User cpA1;
    private static User cpA2;
    private static User cpB1;
    private static User cpLoose;
    private static Caller customerX;
    private static Caller customerY;
    private static String phoneX;
    private static Lead a1;
    private static Lead a2;
    private static Lead a3;
    private static Lead b1;
    private static Lead loose;
    private static Lead waiting;
    private static Caller otherAdmin;
    private static Lead otherLead;

    /** Who sees what: every caller of the scenario and exactly the leads it sees. */
    private static Map<String, Caller> callers;
    private static Map<String, Set<Lead>> sees;

    @BeforeAll
    static void theScenario() {
        leads = world.backend().leads();
        fixtures = new LeadFixtures(world);
        clock = world.clock();

        admin = world.fixtures().anOrganization();
        kamA = world.fixtures().aKam(admin);
        kamB = world.fixtures().aKam(admin);
        cpA1 = fixtures.aCpOf(admin, kamA, "MH");
        cpA2 = fixtures.aCpOf(admin, kamA, "KA");
        cpB1 = fixtures.aCpOf(admin, kamB, "MH");
        cpLoose = world.fixtures().aCpIn(admin, "GJ");
        phoneX = aPhone();
        a1 = leads.createLead(callerOf(cpA1), aNewLeadNamed("Anita Sharma", phoneX, "MH")).lead();
        a2 = leads.changeLead(callerOf(cpA1), leads.createLead(callerOf(cpA1), aNewLeadNamed("Bharat Rao", aPhone(), "MH")).lead().id(),
                moveTo(LeadStatus.IN_DISCUSSION));
        a3 = leads.createLead(callerOf(cpA2), aNewLeadNamed("Chitra Iyer", aPhone(), "KA")).lead();
        b1 = leads.createLead(callerOf(cpB1), aNewLeadNamed("Deepak Nair", phoneX, "MH")).lead();
        loose = leads.changeLead(callerOf(cpLoose), leads.createLead(callerOf(cpLoose), aNewLeadNamed("Esha 100% Gupta", aPhone(), "GJ"))
                .lead().id(), moveTo(LeadStatus.LOST));
        customerX = new Caller(a1.customerId(), admin.orgId(), com.cpnetwork.platform.Role.CUSTOMER);
        customerY = callerOf(world.fixtures().aCustomer(admin, aPhone()));
        waiting = leads.requestService(customerY, new ServiceRequest(LeadFixtures.services("MAINTENANCE"), null, "RJ", null));

        otherAdmin = world.fixtures().anOrganization();
        otherLead = fixtures.aLeadOf(world.fixtures().aCpIn(otherAdmin, "MH"));

        callers = new LinkedHashMap<>();
        sees = new LinkedHashMap<>();
        see("ADMIN", admin, a1, a2, a3, b1, loose, waiting);
        see("KAM A", callerOf(kamA), a1, a2, a3, waiting);
        see("KAM B", callerOf(kamB), b1, waiting);
        see("CP A1", callerOf(cpA1), a1, a2);
        see("CP A2", callerOf(cpA2), a3);
        see("CP B1", callerOf(cpB1), b1);
        see("CP without a KAM", callerOf(cpLoose), loose);
        see("customer X", customerX, a1, b1);
        see("customer Y", customerY, waiting);
        see("other organization's admin", otherAdmin, otherLead);
    }

    private static void see(String who, Caller caller, Lead... visible) {
        callers.put(who, caller);
        sees.put(who, Set.of(visible));
    }

    @Test
    void eachRoleListsExactlyTheLeadsItSeesNewestFirst() {
        callers.forEach((who, caller) -> {
            List<Lead> listed = fixtures.allPages(caller, ANY, PageRequest.MAX_LIMIT);

            assertThat(listed).as(who).extracting(Lead::id).containsExactlyInAnyOrderElementsOf(ids(sees.get(who)));
            assertThat(listed).as(who).isSortedAccordingTo(Comparator.comparing(Lead::createdAt).reversed());
        });
    }

    @Test
    void eachRoleReadsExactlyTheLeadsItSeesAndNoOthers() {
        List<Lead> everyLead = List.of(a1, a2, a3, b1, loose, waiting, otherLead);
        callers.forEach((who, caller) -> {
            for (Lead lead : everyLead) {
                if (ids(sees.get(who)).contains(lead.id())) {
                    assertThat(leads.getLead(caller, lead.id()).id()).as("%s reads %s", who, lead.id()).isEqualTo(lead.id());
                    assertThat(leads.history(caller, lead.id())).as("%s reads the history of %s", who, lead.id()).isNotEmpty();
                } else {
                    assertThat(catchThrowable(() -> leads.getLead(caller, lead.id()))).as("%s reads %s", who, lead.id())
                            .isInstanceOf(NotFound.class);
                    assertThat(catchThrowable(() -> leads.history(caller, lead.id()))).as("%s reads the history of %s", who, lead.id())
                            .isInstanceOf(NotFound.class);
                }
            }
        });
    }

    @Test
    void eachRoleSeesExactlyTheCustomersOfTheLeadsItSeesAndCustomersSeeOnlyThemselves() {
        UUID withoutLeads = world.fixtures().aCustomer(admin, aPhone()).id();
        Map<String, Set<UUID>> customersSeen = new LinkedHashMap<>();
        sees.forEach((who, visible) -> customersSeen.put(who, new HashSet<>(visible.stream().map(Lead::customerId).toList())));
        customersSeen.get("ADMIN").add(withoutLeads);
        customersSeen.get("customer X").retainAll(Set.of(customerX.userId()));
        customersSeen.get("customer Y").retainAll(Set.of(customerY.userId()));
        Set<UUID> everyCustomer = Stream.concat(Stream.of(withoutLeads, otherLead.customerId()),
                Stream.of(a1, a2, a3, b1, loose, waiting).map(Lead::customerId)).collect(Collectors.toSet());
        Leads port = new Leads();

        callers.forEach((who, caller) -> {
            for (UUID customer : everyCustomer) {
                Throwable refusal = catchThrowable(() -> TestInfrastructure.get().database().asCaller(caller, handle -> {
                    port.requireVisibleCustomer(handle, caller, customer);
                    return null;
                }));
                if (customersSeen.get(who).contains(customer)) {
                    assertThat(refusal).as("%s sees customer %s", who, customer).isNull();
                } else {
                    assertThat(refusal).as("%s sees customer %s", who, customer).isInstanceOf(NotFound.class);
                }
            }
        });
        assertThat(customersSeen.get("CP A1")).containsExactlyInAnyOrder(a1.customerId(), a2.customerId());
        assertThat(customersSeen.get("KAM B")).containsExactlyInAnyOrder(b1.customerId(), customerY.userId());
    }

    @Test
    void aLeadOfAnotherOrganizationCannotBeChangedOrReassigned() {
        assertThat(catchThrowable(() -> leads.changeLead(admin, otherLead.id(), remarks("Mine")))).isInstanceOf(NotFound.class);
        assertThat(catchThrowable(() -> leads.reassignLead(admin, otherLead.id(), cpA1.id(), true, "Mine"))).isInstanceOf(NotFound.class);
        assertThat(catchThrowable(() -> leads.changeLead(admin, "LEAD-0", remarks("Nobody")))).isInstanceOf(NotFound.class);
        assertThat(catchThrowable(() -> leads.getLead(admin, "not-a-lead-id"))).isInstanceOf(NotFound.class);
    }

    @Test
    void aCpCannotChangeAnotherCpsLead() {
        assertThat(catchThrowable(() -> leads.changeLead(callerOf(cpB1), a1.id(), remarks("Mine")))).isInstanceOf(NotFound.class);
        assertThat(leads.getLead(admin, a1.id()).remarks()).isNull();
    }

    @Test
    void theStatusFilterNarrowsWhatEachRoleSees() {
        assertThat(listed(admin, status(LeadStatus.IN_DISCUSSION))).containsExactly(a2.id());
        assertThat(listed(admin, status(LeadStatus.LOST))).containsExactly(loose.id());
        assertThat(listed(callerOf(cpA1), status(LeadStatus.NEW))).containsExactly(a1.id());
        assertThat(listed(callerOf(kamB), status(LeadStatus.LOST))).isEmpty();
    }

    @Test
    void theCpFilterNarrowsAndNeverWidens() {
        assertThat(listed(admin, cp(cpA1.id()))).containsExactlyInAnyOrder(a1.id(), a2.id());
        assertThat(listed(callerOf(kamA), cp(cpA2.id()))).containsExactly(a3.id());
        assertThat(listed(callerOf(kamA), cp(cpB1.id()))).isEmpty();
        assertThat(listed(callerOf(cpA1), cp(cpB1.id()))).isEmpty();
    }

    @Test
    void theStateFilterNarrowsWhatEachRoleSees() {
        assertThat(listed(admin, state("MH"))).containsExactlyInAnyOrder(a1.id(), a2.id(), b1.id());
        assertThat(listed(admin, state("RJ"))).containsExactly(waiting.id());
        assertThat(listed(callerOf(kamA), state("MH"))).containsExactlyInAnyOrder(a1.id(), a2.id());
    }

    @Test
    void qFindsPartOfTheCustomerNameOrPhone() {
        assertThat(listed(admin, search("sharma"))).containsExactly(a1.id());
        assertThat(listed(admin, search("RAO"))).containsExactly(a2.id());
        assertThat(listed(admin, search(phoneX.substring(5)))).containsExactlyInAnyOrder(a1.id(), b1.id());
        assertThat(listed(admin, search(phoneX))).containsExactlyInAnyOrder(a1.id(), b1.id());
        assertThat(listed(callerOf(cpB1), search(phoneX))).containsExactly(b1.id());
        assertThat(listed(customerX, search("Deepak"))).containsExactly(b1.id());
    }

    @Test
    void qFindsAWholePhoneNumberTypedInALocalFormat() {
        String national = phoneX.substring(3);

        assertThat(listed(admin, search("0" + national))).containsExactlyInAnyOrder(a1.id(), b1.id());
        assertThat(listed(admin, search(national.substring(0, 5) + " " + national.substring(5)))).containsExactlyInAnyOrder(a1.id(), b1.id());
        assertThat(listed(callerOf(kamA), search("+91-" + national))).containsExactly(a1.id());
        assertThat(listed(admin, search("0" + national.substring(0, 9)))).isEmpty();
    }

    @Test
    void qTakesWildcardsLiterally() {
        assertThat(listed(admin, search("100%"))).containsExactly(loose.id());
        assertThat(listed(admin, search("%"))).containsExactly(loose.id());
        assertThat(listed(admin, search("_"))).isEmpty();
        assertThat(listed(admin, search("Anita_Sharma"))).isEmpty();
    }

    @Test
    void filtersCombine() {
        LeadFilter newInMaharashtra = new LeadFilter(Optional.of(LeadStatus.NEW), Optional.empty(), Optional.of("MH"), Optional.empty(),
                Optional.empty());
        LeadFilter newOfA1NamedNair = new LeadFilter(Optional.of(LeadStatus.NEW), Optional.of(cpA1.id()), Optional.of("MH"),
                Optional.of("Nair"), Optional.empty());

        assertThat(listed(admin, newInMaharashtra)).containsExactlyInAnyOrder(a1.id(), b1.id());
        assertThat(listed(callerOf(kamB), newInMaharashtra)).containsExactly(b1.id());
        assertThat(listed(admin, newOfA1NamedNair)).isEmpty();
    }

    @Test
    void updatedSinceListsOnlyLeadsChangedFromThatInstant() {
        Caller ownAdmin = world.fixtures().anOrganization();
        User cp = world.fixtures().aCpIn(ownAdmin, "MH");
        Lead untouched = fixtures.aLeadOf(cp);
        Lead touched = fixtures.aLeadOf(cp);
        clock.advance(Duration.ofMinutes(10));
        Instant since = clock.instant();
        leads.changeLead(callerOf(cp), touched.id(), remarks("Called again"));
        clock.advance(Duration.ofMinutes(10));
        Lead created = fixtures.aLeadOf(cp);

        assertThat(listed(ownAdmin, updatedSince(since))).containsExactly(created.id(), touched.id());
        assertThat(listed(callerOf(cp), updatedSince(since.plusMillis(1)))).containsExactly(created.id());
        assertThat(listed(ownAdmin, updatedSince(since.minus(Duration.ofDays(1))))).contains(untouched.id()).hasSize(3);
    }

    @Test
    void pagesWalkEveryLeadOnceEvenWhenManyShareOneCreationInstant() {
        Caller ownAdmin = world.fixtures().anOrganization();
        User kam = world.fixtures().aKam(ownAdmin);
        User cp = fixtures.aCpOf(ownAdmin, kam, "MH");
        List<Lead> made = new ArrayList<>();
        for (int burst : new int[] {4, 23, 6}) {
            clock.advance(Duration.ofSeconds(1));
            for (int i = 0; i < burst; i++) {
                made.add(fixtures.aLeadOf(cp));
            }
        }
        List<String> inOnePage = listed(ownAdmin, ANY);

        for (Caller caller : List.of(ownAdmin, callerOf(kam), callerOf(cp))) {
            for (int size : new int[] {1, 5, 7, 23, 50}) {
                List<String> walked = fixtures.allPages(caller, ANY, size).stream().map(Lead::id).toList();

                assertThat(walked).as("pages of %d", size).doesNotHaveDuplicates().hasSize(made.size()).isEqualTo(inOnePage);
            }
        }
        assertThat(made.stream().map(Lead::createdAt).distinct()).hasSize(3);
        assertThat(fixtures.allPages(ownAdmin, ANY, 200)).isSortedAccordingTo(Comparator.comparing(Lead::createdAt).reversed());
        assertThat(fixtures.allPages(ownAdmin, status(LeadStatus.NEW), 4)).extracting(Lead::id).isEqualTo(inOnePage);
    }

    @Test
    void aFullPageSaysWhereToGoOnAndTheLastPageSaysNothing() {
        PageRequest two = new PageRequest(2, Optional.empty());

        var first = leads.listLeads(admin, ANY, two);
        var rest = leads.listLeads(admin, ANY, PageRequest.of(Optional.of("10"), Optional.of(first.nextCursor())));

        assertThat(first.items()).hasSize(2);
        assertThat(first.nextCursor()).isNotNull();
        assertThat(rest.items()).hasSize(4);
        assertThat(rest.nextCursor()).isNull();
        assertThat(Stream.concat(first.items().stream(), rest.items().stream()).map(Lead::id))
                .containsExactlyInAnyOrderElementsOf(ids(sees.get("ADMIN")));
    }

    @Test
    void aCursorOrLimitWeDidNotIssueIsInvalid() {
        for (String cursor : List.of("garbage", "bm90LWEtY3Vyc29y", "!!")) {
            assertThat(catchThrowable(() -> PageRequest.of(Optional.empty(), Optional.of(cursor))))
                    .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsKey("cursor"));
        }
        for (String limit : List.of("0", "201", "ten", "-1")) {
            assertThat(catchThrowable(() -> PageRequest.of(Optional.of(limit), Optional.empty())))
                    .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsKey("limit"));
        }
    }

    // --- helpers ----------------------------------------------------------------------------------------------------

    private static List<String> listed(Caller caller, LeadFilter filter) {
        return fixtures.idsListedBy(caller, filter);
    }

    private static Set<String> ids(Set<Lead> visible) {
        return Set.copyOf(visible.stream().map(Lead::id).toList());
    }

    private static LeadFilter status(LeadStatus status) {
        return new LeadFilter(Optional.of(status), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static LeadFilter cp(UUID cpId) {
        return new LeadFilter(Optional.empty(), Optional.of(cpId), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static LeadFilter state(String stateCode) {
        return new LeadFilter(Optional.empty(), Optional.empty(), Optional.of(stateCode), Optional.empty(), Optional.empty());
    }

    private static LeadFilter updatedSince(Instant since) {
        return new LeadFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(since));
    }
}
