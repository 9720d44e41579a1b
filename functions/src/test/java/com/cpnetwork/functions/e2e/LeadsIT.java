package com.cpnetwork.functions.e2e;

import static com.cpnetwork.functions.e2e.ApiWorld.aPhone;
import static com.cpnetwork.functions.e2e.ApiWorld.created;
import static com.cpnetwork.functions.e2e.ApiWorld.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Leads section of the contract over HTTP against the packaged app: every status code of its rows, offline
 * writes, a customer who signs in with an SMS code and asks for services, and who sees which leads.
 *
 * <p>One organization for the class: an admin, a KAM with a CP in Maharashtra and one in Karnataka, a CP in
 * Maharashtra without a KAM, and a second organization's admin. Tests make their own leads with their own phones.
 */
class LeadsIT {

    private static final String PASSWORD = ApiWorld.PASSWORD;

    private static RunningApp app;
    private static ApiWorld world;
    private static ApiClient api;
    private static String orgId;
    private static String admin;
    private static String kam;
    private static String kamId;
    private static String cpMh;
    private static String cpMhId;
    private static String cpKaId;
    private static String cpLoose;
    private static String cpLooseId;
    private static String otherAdmin;

    @BeforeAll
    static void oneOrganization() {
        app = RunningApp.get();
        world = new ApiWorld(app);
        api = app.api();
        String adminEmail = "admin-" + UUID.randomUUID() + "@example.com";
        ApiClient.Response org = api.send("POST", "/v1/organizations", Map.of("name", "Leads " + UUID.randomUUID(), "adminEmail", adminEmail,
                "adminName", "Asha", "adminPassword", PASSWORD), null, Map.of("X-Operator-Key", RunningApp.OPERATOR_KEY));
        assertThat(org.status()).as(org.text()).isEqualTo(201);
        orgId = org.json().path("id").asText();
        admin = world.signInWithPassword(adminEmail);
        String kamEmail = "kam-" + UUID.randomUUID() + "@example.com";
        kamId = created(api.post("/v1/users", Map.of("role", "KAM", "name", "Kiran", "email", kamEmail, "password", PASSWORD), admin)).path("id").asText();
        kam = world.signInWithPassword(kamEmail);
        String cpMhPhone = aPhone();
        cpMhId = aUser(Map.of("role", "CP", "name", "Ravi MH", "phone", cpMhPhone, "stateCode", "MH", "kamId", kamId));
        cpKaId = aUser(Map.of("role", "CP", "name", "Raju KA", "phone", aPhone(), "stateCode", "KA", "kamId", kamId));
        String cpLoosePhone = aPhone();
        cpLooseId = aUser(Map.of("role", "CP", "name", "Lata MH", "phone", cpLoosePhone, "stateCode", "MH"));
        cpMh = world.signInWithCode(cpMhPhone);
        cpLoose = world.signInWithCode(cpLoosePhone);
        String otherEmail = "admin-" + UUID.randomUUID() + "@example.com";
        assertThat(api.send("POST", "/v1/organizations", Map.of("name", "Other " + UUID.randomUUID(), "adminEmail", otherEmail,
                "adminName", "Omar", "adminPassword", PASSWORD), null, Map.of("X-Operator-Key", RunningApp.OPERATOR_KEY)).status()).isEqualTo(201);
        otherAdmin = world.signInWithPassword(otherEmail);
    }

    @Test
    void aCpBringsInALeadAndMovesItThroughThePipeline() {
        String phone = aPhone();
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        Map<String, Object> body = new LinkedHashMap<>(Map.of("customerName", "Meena Pillai", "customerPhone", "0" + phone.substring(3),
                "address", "7 Beach Road, Mumbai", "stateCode", "MH", "remarks", "Call after 6 pm", "followUpDate", tomorrow));
        body.put("services", List.of(Map.of("type", "SOLAR_ROOFTOP", "details", "3 kW"), Map.of("type", "EV_CHARGER")));

        ApiClient.Response create = api.post("/v1/leads", body, cpMh);
        String id = create.json().path("id").asText();
        ApiClient.Response read = api.get("/v1/leads/" + id, cpMh);

        assertThat(create.status()).as(create.text()).isEqualTo(201);
        assertThat(id).matches("LEAD-\\d+");
        assertThat(create.json().path("status").asText()).isEqualTo("NEW");
        assertThat(create.json().path("cpId").asText()).isEqualTo(cpMhId);
        assertThat(create.json().path("customerPhone").asText()).isEqualTo(phone);
        assertThat(create.json().path("customerId").asText()).hasSize(36);
        assertThat(create.json().path("possibleDuplicates")).isEmpty();
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("services").findValuesAsText("type")).containsExactly("SOLAR_ROOFTOP", "EV_CHARGER");
        assertThat(read.json().path("services").get(0).path("details").asText()).isEqualTo("3 kW");
        assertThat(read.json().path("followUpDate").asText()).isEqualTo(tomorrow);
        assertThat(read.json().path("remarks").asText()).isEqualTo("Call after 6 pm");
        assertThat(read.json().path("createdAt").asText()).endsWith("Z");
        assertThat(read.json().path("updatedAt").asText()).endsWith("Z");

        assertThat(api.patch("/v1/leads/" + id, Map.of("status", "IN_DISCUSSION"), cpMh).status()).isEqualTo(200);
        expectError(api.patch("/v1/leads/" + id, Map.of("status", "WON"), cpMh), 409, "TRANSITION_NOT_ALLOWED");
        expectError(api.patch("/v1/leads/" + id, Map.of("status", "NEW"), kam), 409, "TRANSITION_NOT_ALLOWED");
        assertThat(api.patch("/v1/leads/" + id, Map.of("status", "NEW", "override", true, "overrideReason", "Oops"), cpMh).status()).isEqualTo(403);
        ApiClient.Response back = api.patch("/v1/leads/" + id, Map.of("status", "NEW", "override", true, "overrideReason", "Wrong stage"), kam);
        ApiClient.Response noReason = api.patch("/v1/leads/" + id, Map.of("status", "LOST"), cpMh);
        ApiClient.Response lost = api.patch("/v1/leads/" + id, Map.of("status", "LOST", "lostReason", "Went with a competitor"), cpMh);
        ApiClient.Response locked = api.patch("/v1/leads/" + id, Map.of("remarks", "Try again?"), cpMh);
        ApiClient.Response history = api.get("/v1/leads/" + id + "/history", cpMh);

        assertThat(back.status()).as(back.text()).isEqualTo(200);
        assertThat(back.json().path("status").asText()).isEqualTo("NEW");
        expectError(noReason, 400, "VALIDATION_FAILED");
        assertThat(noReason.json().at("/error/details").has("lostReason")).isTrue();
        assertThat(lost.status()).isEqualTo(200);
        assertThat(lost.json().path("lostReason").asText()).isEqualTo("Went with a competitor");
        expectError(locked, 409, "LEAD_LOCKED");
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.json().path("nextCursor").isNull()).isTrue();
        JsonNode changes = history.json().path("items");
        assertThat(changes).hasSize(4);
        assertThat(changes.get(0).path("from").isNull()).isTrue();
        assertThat(changes.get(0).path("secondsInPreviousStatus").isNull()).isTrue();
        assertThat(changes.findValuesAsText("to")).containsExactly("NEW", "IN_DISCUSSION", "NEW", "LOST");
        assertThat(changes.get(2).path("from").asText()).isEqualTo("IN_DISCUSSION");
        assertThat(changes.get(2).path("override").asBoolean()).isTrue();
        assertThat(changes.get(2).path("reason").asText()).isEqualTo("Wrong stage");
        assertThat(changes.get(2).path("actorId").asText()).isEqualTo(kamId);
        assertThat(changes.get(3).path("reason").asText()).isEqualTo("Went with a competitor");
        assertThat(changes.get(3).path("secondsInPreviousStatus").isIntegralNumber()).isTrue();
        assertThat(Instant.parse(changes.get(3).path("at").asText())).isAfterOrEqualTo(Instant.parse(changes.get(0).path("at").asText()));
        assertThat(auditActions(id)).containsExactly("LEAD_CREATED", "LEAD_UPDATED", "LEAD_UPDATED", "LEAD_OVERRIDE", "LEAD_UPDATED");
    }

    @Test
    void executingALeadNeedsAnAcceptedQuotation() {
        String id = aLeadOfCpMh(aPhone());
        for (String step : List.of("IN_DISCUSSION", "PHYSICAL_MEETING", "CUSTOMER_ACCEPTED", "WON")) {
            assertThat(api.patch("/v1/leads/" + id, Map.of("status", step), cpMh).status()).as(step).isEqualTo(200);
        }

        expectError(api.patch("/v1/leads/" + id, Map.of("status", "EXECUTED"), cpMh), 409, "NO_ACCEPTED_QUOTATION");
        expectError(api.patch("/v1/leads/" + id, Map.of("status", "EXECUTED", "override", true, "overrideReason", "Paid"), admin), 409,
                "NO_ACCEPTED_QUOTATION");
        assertThat(api.get("/v1/leads/" + id, admin).json().path("status").asText()).isEqualTo("WON");
    }

    @Test
    void badInputIsA400NamingEachField() {
        String lead = aLeadOfCpMh(aPhone());
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();

        assertThat(details(api.post("/v1/leads", Map.of(), cpMh))).contains("customerName", "customerPhone", "stateCode", "services");
        assertThat(details(api.post("/v1/leads", aLead(aPhone(), List.of(Map.of("type", "SOLAR_ROOFTOP"), Map.of("type", "TELEPORTER"))), cpMh)))
                .containsExactly("services[1].type");
        assertThat(details(api.post("/v1/leads", with(aLead(aPhone()), "followUpDate", "21-11-2026"), cpMh))).containsExactly("followUpDate");
        assertThat(details(api.post("/v1/leads", with(aLead(aPhone()), "followUpDate", yesterday), cpMh))).containsExactly("followUpDate");
        assertThat(details(api.post("/v1/leads", aLead("12345"), cpMh))).containsExactly("customerPhone");
        assertThat(details(api.post("/v1/leads", with(aLead(aPhone()), "stateCode", "Maharashtra"), cpMh))).containsExactly("stateCode");
        assertThat(details(api.post("/v1/leads", with(aLead(aPhone()), "services", "SOLAR_ROOFTOP"), cpMh))).containsExactly("services");
        assertThat(details(api.post("/v1/leads", with(aLead(aPhone()), "cpId", "not-an-id"), admin))).containsExactly("cpId");
        assertThat(details(api.patch("/v1/leads/" + lead, Map.of("status", "DONE"), cpMh))).containsExactly("status");
        assertThat(details(api.patch("/v1/leads/" + lead, Map.of("followUpDate", "2026-02-30"), cpMh))).containsExactly("followUpDate");
        assertThat(details(api.patch("/v1/leads/" + lead, Map.of("followUpDate", yesterday), cpMh))).containsExactly("followUpDate");
        assertThat(details(api.patch("/v1/leads/" + lead, Map.of("status", "NEW", "override", true), kam))).containsExactly("overrideReason");
        assertThat(details(api.patch("/v1/leads/" + lead + "/reassign", null, kam))).containsExactly("cpId");
        assertThat(details(api.patch("/v1/leads/" + lead + "/reassign?cpId=nobody", null, kam))).containsExactly("cpId");
        assertThat(details(api.get("/v1/leads?status=DONE", cpMh))).containsExactly("status");
        assertThat(details(api.get("/v1/leads?updatedSince=yesterday", cpMh))).containsExactly("updatedSince");
        assertThat(details(api.get("/v1/leads?cpId=someone", cpMh))).containsExactly("cpId");
        assertThat(details(api.get("/v1/leads?cursor=garbage", cpMh))).containsExactly("cursor");
        assertThat(details(api.get("/v1/leads?limit=500", cpMh))).containsExactly("limit");
        expectError(api.post("/v1/leads", "{\"customerName\": ", cpMh), 400, "MALFORMED_JSON");
        assertThat(api.get("/v1/leads/" + lead, cpMh).json().path("status").asText()).isEqualTo("NEW");
    }

    @Test
    void everyWriteMarkedOfflineIsRefused() {
        String phone = aPhone();
        String lead = aLeadOfCpMh(aPhone());
        String customer = aCustomerSignedIn();

        expectError(api.post("/v1/leads", with(aLead(phone), "offline", true), cpMh), 400, "OFFLINE_WRITE_REJECTED");
        expectError(api.patch("/v1/leads/" + lead, Map.of("remarks", "Typed on the train", "offline", true), cpMh), 400, "OFFLINE_WRITE_REJECTED");
        expectError(api.patch("/v1/leads/" + lead + "/reassign?cpId=" + cpMhId, Map.of("offline", true), kam), 400, "OFFLINE_WRITE_REJECTED");
        expectError(api.post("/v1/serviceRequests", Map.of("services", List.of(Map.of("type", "MAINTENANCE")), "stateCode", "MH",
                "offline", true), customer), 400, "OFFLINE_WRITE_REJECTED");
        expectError(api.post("/v1/serviceTypes", Map.of("code", "HEAT_PUMP", "name", "Heat pump", "offline", true), admin), 400,
                "OFFLINE_WRITE_REJECTED");

        assertThat(api.get("/v1/leads?q=" + encode(phone), admin).json().path("items")).isEmpty();
        assertThat(api.get("/v1/leads/" + lead, cpMh).json().path("remarks").isNull()).isTrue();
        assertThat(api.post("/v1/leads", with(aLead(phone), "offline", false), cpMh).status()).isEqualTo(201);
    }

    @Test
    void tokensAndRolesAreEnforced() {
        String lead = aLeadOfCpMh(aPhone());
        String customer = aCustomerSignedIn();

        expectError(api.get("/v1/leads", null), 401, "MISSING_TOKEN");
        assertThat(api.get("/v1/leads/" + lead, "not-a-jwt").status()).isEqualTo(401);
        assertThat(api.post("/v1/leads", aLead(aPhone()), null).status()).isEqualTo(401);
        assertThat(api.post("/v1/leads", aLead(aPhone()), customer).status()).isEqualTo(403);
        assertThat(api.patch("/v1/leads/" + lead, Map.of("remarks", "Hello"), customer).status()).isEqualTo(403);
        assertThat(api.patch("/v1/leads/" + lead + "/reassign?cpId=" + cpLooseId, null, customer).status()).isEqualTo(403);
        assertThat(api.patch("/v1/leads/" + lead + "/reassign?cpId=" + cpLooseId, null, cpMh).status()).isEqualTo(403);
        assertThat(api.post("/v1/serviceRequests", Map.of("services", List.of(Map.of("type", "MAINTENANCE")), "stateCode", "MH"), cpMh).status())
                .isEqualTo(403);
        assertThat(api.post("/v1/serviceTypes", Map.of("code", "HEAT_PUMP", "name", "Heat pump"), kam).status()).isEqualTo(403);
        expectError(api.post("/v1/leads", with(aLead(aPhone()), "cpId", cpLooseId), kam), 403, "NOT_YOUR_CP");
    }

    @Test
    void eachRoleSeesItsOwnLeadsAndNoOthers() {
        String customer = aCustomerSignedIn();
        String mine = aLeadOfCpMh(aPhone());
        String loose = created(api.post("/v1/leads", with(aLead(aPhone()), "cpId", cpLooseId), admin)).path("id").asText();
        JsonNode waiting = created(api.post("/v1/serviceRequests", Map.of("services", List.of(Map.of("type", "MAINTENANCE")),
                "stateCode", "RJ"), customer));

        assertThat(waiting.path("cpId").isNull()).isTrue();
        Map<String, String> callers = Map.of("admin", admin, "KAM", kam, "CP MH", cpMh, "CP without KAM", cpLoose, "customer", customer,
                "other organization", otherAdmin);
        Map<String, Set<String>> sees = Map.of(
                "admin", Set.of(mine, loose, waiting.path("id").asText()),
                "KAM", Set.of(mine, waiting.path("id").asText()),
                "CP MH", Set.of(mine),
                "CP without KAM", Set.of(loose),
                "customer", Set.of(waiting.path("id").asText()),
                "other organization", Set.of());
        for (String lead : List.of(mine, loose, waiting.path("id").asText())) {
            callers.forEach((who, token) -> {
                int expected = sees.get(who).contains(lead) ? 200 : 404;
                assertThat(api.get("/v1/leads/" + lead, token).status()).as("%s reads %s", who, lead).isEqualTo(expected);
                assertThat(api.get("/v1/leads/" + lead + "/history", token).status()).as("%s reads the history of %s", who, lead)
                        .isEqualTo(expected);
                Set<String> listed = new HashSet<>(allIds("/v1/leads?limit=200", token));
                assertThat(listed.contains(lead)).as("%s lists %s", who, lead).isEqualTo(sees.get(who).contains(lead));
            });
        }
        assertThat(api.patch("/v1/leads/" + loose, Map.of("remarks", "Mine now"), cpMh).status()).isEqualTo(404);
        assertThat(api.patch("/v1/leads/" + mine, Map.of("remarks", "Mine now"), otherAdmin).status()).isEqualTo(404);
        assertThat(api.patch("/v1/leads/" + mine + "/reassign?cpId=" + cpLooseId, null, otherAdmin).status()).isEqualTo(404);
        assertThat(api.get("/v1/leads/LEAD-0", admin).status()).isEqualTo(404);
    }

    @Test
    void filtersAndPagesNarrowTheList() {
        String phone = aPhone();
        String first = aLeadOfCpMh(phone);
        String second = aLeadOfCpMh(phone);
        api.patch("/v1/leads/" + second, Map.of("status", "IN_DISCUSSION"), cpMh);
        Instant before = Instant.now().minusSeconds(5);

        assertThat(ids(api.get("/v1/leads?q=" + encode(phone), admin))).containsExactly(second, first);
        assertThat(ids(api.get("/v1/leads?q=" + encode("0" + phone.substring(3)), kam))).containsExactly(second, first);
        assertThat(ids(api.get("/v1/leads?q=" + encode(phone) + "&status=IN_DISCUSSION", cpMh))).containsExactly(second);
        assertThat(ids(api.get("/v1/leads?q=" + encode(phone) + "&cpId=" + cpLooseId, admin))).isEmpty();
        assertThat(ids(api.get("/v1/leads?q=" + encode(phone) + "&stateCode=KA", admin))).isEmpty();
        assertThat(ids(api.get("/v1/leads?q=" + encode(phone) + "&updatedSince=" + before, admin))).containsExactly(second, first);
        assertThat(ids(api.get("/v1/leads?q=" + encode(phone) + "&updatedSince=" + Instant.now().plusSeconds(60), admin))).isEmpty();
        List<String> walked = allIds("/v1/leads?limit=1&q=" + encode(phone), cpMh);
        assertThat(walked).containsExactly(second, first);
        List<String> everyLeadOfTheCp = allIds("/v1/leads?limit=3", cpMh);
        assertThat(everyLeadOfTheCp).doesNotHaveDuplicates().containsAll(List.of(first, second))
                .isEqualTo(ids(api.get("/v1/leads?limit=200", cpMh)));
    }

    @Test
    void aCustomerSignsInWithAnSmsCodeAndAsksForServices() {
        String phone = aPhone();
        String broughtIn = aLeadOfCpMh(phone);
        String customer = world.signInWithCode(phone);

        ApiClient.Response types = api.get("/v1/serviceTypes", customer);
        ApiClient.Response request = api.post("/v1/serviceRequests", Map.of(
                "services", List.of(Map.of("type", "BATTERY_STORAGE", "details", "10 kWh"), Map.of("type", "SOLAR_ROOFTOP")),
                "stateCode", "MH", "address", "7 Beach Road, Mumbai", "remarks", "Weekends"), customer);
        ApiClient.Response mine = api.get("/v1/leads", customer);

        assertThat(types.status()).isEqualTo(200);
        assertThat(types.json().path("items").findValuesAsText("code"))
                .contains("SOLAR_ROOFTOP", "SOLAR_WATER_HEATER", "BATTERY_STORAGE", "EV_CHARGER", "MAINTENANCE");
        assertThat(request.status()).as(request.text()).isEqualTo(201);
        assertThat(request.json().path("services").findValuesAsText("type")).containsExactly("BATTERY_STORAGE", "SOLAR_ROOFTOP");
        assertThat(request.json().path("customerPhone").asText()).isEqualTo(phone);
        assertThat(request.json().path("source").asText()).isEqualTo("CUSTOMER");
        assertThat(request.json().path("cpId").asText()).isIn(cpMhId, cpLooseId);
        assertThat(ids(mine)).containsExactly(request.json().path("id").asText(), broughtIn);
        assertThat(api.get("/v1/leads/" + request.json().path("id").asText(), request.json().path("cpId").asText().equals(cpMhId) ? cpMh : cpLoose)
                .status()).isEqualTo(200);
        assertThat(details(api.post("/v1/serviceRequests", Map.of("services", List.of(Map.of("type", "WARP_DRIVE")), "stateCode", "MH"), customer)))
                .containsExactly("services[0].type");
        assertThat(details(api.post("/v1/serviceRequests", Map.of("services", List.of(), "stateCode", "MH"), customer))).containsExactly("services");
    }

    @Test
    void reassigningFollowsTheTerritoryUnlessAnAdminOverrides() {
        String lead = aLeadOfCpMh(aPhone());
        String deactivatedId = aUser(Map.of("role", "CP", "name", "Gone", "phone", aPhone(), "stateCode", "MH", "kamId", kamId));
        assertThat(api.patch("/v1/users/" + deactivatedId, Map.of("active", false), admin).status()).isEqualTo(200);

        ApiClient.Response mismatch = api.patch("/v1/leads/" + lead + "/reassign?cpId=" + cpKaId, null, kam);
        expectError(api.patch("/v1/leads/" + lead + "/reassign?cpId=" + cpKaId, Map.of(), admin), 409, "TERRITORY_MISMATCH");
        expectError(api.patch("/v1/leads/" + lead + "/reassign?cpId=" + cpKaId, Map.of("override", true, "overrideReason", "Moved"), kam),
                409, "TERRITORY_MISMATCH");
        expectError(api.patch("/v1/leads/" + lead + "/reassign?cpId=" + cpLooseId, null, kam), 403, "NOT_YOUR_CP");
        expectError(api.patch("/v1/leads/" + lead + "/reassign?cpId=" + deactivatedId, null, kam), 409, "CP_INACTIVE");
        assertThat(api.patch("/v1/leads/LEAD-0/reassign?cpId=" + cpKaId, null, kam).status()).isEqualTo(404);
        ApiClient.Response same = api.patch("/v1/leads/" + lead + "/reassign?cpId=" + cpMhId, null, kam);
        ApiClient.Response overridden = api.patch("/v1/leads/" + lead + "/reassign?cpId=" + cpKaId,
                Map.of("override", true, "overrideReason", "Customer moved to Bengaluru"), admin);

        expectError(mismatch, 409, "TERRITORY_MISMATCH");
        assertThat(mismatch.json().at("/error/details/leadStateCode").asText()).isEqualTo("MH");
        assertThat(mismatch.json().at("/error/details/cpStateCode").asText()).isEqualTo("KA");
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json().path("cpId").asText()).isEqualTo(cpMhId);
        assertThat(overridden.status()).as(overridden.text()).isEqualTo(200);
        assertThat(overridden.json().path("cpId").asText()).isEqualTo(cpKaId);
        assertThat(api.get("/v1/leads/" + lead, cpMh).status()).isEqualTo(404);
        assertThat(auditActions(lead)).containsExactly("LEAD_CREATED", "LEAD_REASSIGNED", "LEAD_OVERRIDE");
    }

    @Test
    void aSecondLeadForTheSamePhoneListsTheOpenOnesAsPossibleDuplicates() {
        String phone = aPhone();
        String first = aLeadOfCpMh(phone);

        ApiClient.Response second = api.post("/v1/leads", with(aLead(phone), "cpId", cpLooseId), admin);

        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json().path("possibleDuplicates")).hasSize(1);
        assertThat(second.json().path("possibleDuplicates").get(0).path("id").asText()).isEqualTo(first);
        assertThat(second.json().path("possibleDuplicates").get(0).path("status").asText()).isEqualTo("NEW");
        assertThat(second.json().path("customerId").asText()).isEqualTo(api.get("/v1/leads/" + first, admin).json().path("customerId").asText());
    }

    @Test
    void anAdminExtendsTheServiceCatalog() {
        String code = "HEAT_PUMP_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();

        ApiClient.Response added = api.post("/v1/serviceTypes", Map.of("code", code, "name", "Heat pump"), admin);
        ApiClient.Response again = api.post("/v1/serviceTypes", Map.of("code", code, "name", "Heat pump"), admin);
        ApiClient.Response lead = api.post("/v1/leads", aLead(aPhone(), List.of(Map.of("type", code))), cpMh);

        assertThat(added.status()).as(added.text()).isEqualTo(201);
        assertThat(added.json().path("code").asText()).isEqualTo(code);
        expectError(again, 409, "SERVICE_TYPE_EXISTS");
        assertThat(details(api.post("/v1/serviceTypes", Map.of("code", "heat pump", "name", "Heat pump"), admin))).containsExactly("code");
        assertThat(lead.status()).isEqualTo(201);
        assertThat(api.get("/v1/serviceTypes", otherAdmin).json().path("items").findValuesAsText("code")).doesNotContain(code);
    }

    // --- helpers ----------------------------------------------------------------------------------------------------

    private static Map<String, Object> aLead(String phone) {
        return aLead(phone, List.of(Map.of("type", "SOLAR_ROOFTOP")));
    }

    private static Map<String, Object> aLead(String phone, List<Map<String, String>> services) {
        Map<String, Object> lead = new LinkedHashMap<>();
        lead.put("customerName", "Ravi Kumar");
        lead.put("customerPhone", phone);
        lead.put("stateCode", "MH");
        lead.put("services", services);
        return lead;
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put(field, value);
        return copy;
    }

    private static String aLeadOfCpMh(String phone) {
        return created(api.post("/v1/leads", aLead(phone), cpMh)).path("id").asText();
    }

    private static String aUser(Map<String, Object> fields) {
        return created(api.post("/v1/users", fields, admin)).path("id").asText();
    }

    /** A customer made by an admin, signed in with the code sent to their phone. */
    private static String aCustomerSignedIn() {
        String phone = aPhone();
        aUser(Map.of("role", "CUSTOMER", "name", "Kavya", "phone", phone));
        return world.signInWithCode(phone);
    }


    /** The fields a 400 names. */
    private static List<String> details(ApiClient.Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        response.json().at("/error/details").fieldNames().forEachRemaining(fields::add);
        return fields;
    }

    private static List<String> ids(ApiClient.Response page) {
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        return page.json().path("items").findValuesAsText("id").stream().filter(id -> id.startsWith("LEAD-")).toList();
    }

    /** Every id of a list, following nextCursor to the last page. */
    private static List<String> allIds(String path, String token) {
        List<String> all = new ArrayList<>();
        String cursor = null;
        do {
            ApiClient.Response page = api.get(path + (cursor == null ? "" : "&cursor=" + encode(cursor)), token);
            all.addAll(ids(page));
            cursor = page.json().path("nextCursor").isNull() ? null : page.json().path("nextCursor").asText();
        } while (cursor != null);
        return all;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static List<String> auditActions(String leadId) {
        try (Connection owner = app.ownerConnection();
             PreparedStatement statement = owner.prepareStatement(
                     "SELECT action FROM audit_log WHERE org_id = ?::uuid AND entity_type = 'LEAD' AND entity_id = ? ORDER BY id")) {
            statement.setString(1, orgId);
            statement.setString(2, leadId);
            List<String> actions = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    actions.add(rows.getString(1));
                }
            }
            return actions;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
