package com.cpnetwork.leads;

import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Page;
import com.cpnetwork.platform.PageRequest;
import com.cpnetwork.platform.Patch;
import com.cpnetwork.platform.Role;
import com.cpnetwork.platform.json.Json;
import com.cpnetwork.testing.Fixtures;
import com.cpnetwork.testing.Rows;
import com.cpnetwork.testing.TestBackend;
import com.cpnetwork.users.NewUser;
import com.cpnetwork.users.User;
import com.cpnetwork.users.UserChanges;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Leads and the accounts around them, made through the real services; each lead has a phone of its own. */
final class LeadFixtures {

    static final LeadFilter ANY = new LeadFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    static final PageRequest FIRST_PAGE = new PageRequest(PageRequest.MAX_LIMIT, Optional.empty());

    private final TestBackend world;

    LeadFixtures(TestBackend world) {
        this.world = world;
    }

    LeadService leads() {
        return world.backend().leads();
    }

    /** A CP in {@code stateCode} looked after by {@code kam}. */
    User aCpOf(Caller admin, User kam, String stateCode) {
        return world.backend().users().createUser(admin,
                new NewUser(Role.CP, "Chetan CP", null, Fixtures.aPhone(), null, stateCode, kam.id()), false);
    }

    User deactivate(Caller admin, User user) {
        return world.backend().users().updateUser(admin, user.id(), new UserChanges(Patch.absent(), Patch.absent(), Patch.absent(),
                Patch.absent(), Patch.of(false)));
    }

    User block(Caller admin, User user) {
        return world.backend().users().updateUser(admin, user.id(), new UserChanges(Patch.absent(), Patch.absent(), Patch.absent(),
                Patch.of(true), Patch.absent()));
    }

    /** A new lead the CP brings in for themselves, in their own territory. */
    Lead aLeadOf(User cp) {
        return leads().createLead(Fixtures.callerOf(cp), aNewLead(Fixtures.aPhone(), cp.stateCode(), null)).lead();
    }

    /** A new lead of {@code cp} that has been moved forward step by step to {@code status}. */
    Lead aLeadOf(User cp, LeadStatus status) {
        Lead lead = aLeadOf(cp);
        Caller caller = Fixtures.callerOf(cp);
        if (status == LeadStatus.LOST) {
            return leads().changeLead(caller, lead.id(), moveTo(LeadStatus.LOST));
        }
        for (LeadStatus next : LeadStatus.values()) {
            if (next.ordinal() > status.ordinal()) {
                break;
            }
            if (next != LeadStatus.NEW) {
                lead = leads().changeLead(caller, lead.id(), moveTo(next));
            }
        }
        return lead;
    }

    static NewLead aNewLead(String phone, String stateCode, UUID cpId) {
        return new NewLead("Ravi Kumar", phone, "12 MG Road", stateCode, services("SOLAR_ROOFTOP"), null, null, cpId);
    }

    static NewLead aNewLeadNamed(String name, String phone, String stateCode) {
        return new NewLead(name, phone, null, stateCode, services("SOLAR_ROOFTOP"), null, null, null);
    }

    static List<RequestedService> services(String... types) {
        return Arrays.stream(types).map(type -> new RequestedService(type, null)).toList();
    }

    static LeadChanges moveTo(LeadStatus status) {
        return new LeadChanges(Optional.of(status), Patch.absent(), Patch.absent(), false, null,
                status == LeadStatus.LOST ? "Chose a competitor" : null);
    }

    static LeadChanges overrideTo(LeadStatus status, String reason) {
        return new LeadChanges(Optional.of(status), Patch.absent(), Patch.absent(), true, reason,
                status == LeadStatus.LOST ? "Chose a competitor" : null);
    }

    static LeadChanges remarks(String remarks) {
        return new LeadChanges(Optional.empty(), Patch.of(remarks), Patch.absent(), false, null, null);
    }

    static LeadChanges followUp(LocalDate date) {
        return new LeadChanges(Optional.empty(), Patch.absent(), Patch.of(date), false, null, null);
    }

    static LeadFilter search(String q) {
        return new LeadFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(q), Optional.empty());
    }

    /** Every lead {@code caller} lists with {@code filter}, walking the pages {@code pageSize} at a time. */
    List<Lead> allPages(Caller caller, LeadFilter filter, int pageSize) {
        List<Lead> all = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            Page<Lead> page = leads().listLeads(caller, filter, PageRequest.of(Optional.of(Integer.toString(pageSize)), cursor));
            all.addAll(page.items());
            cursor = Optional.ofNullable(page.nextCursor());
        } while (cursor.isPresent());
        return all;
    }

    List<String> idsListedBy(Caller caller, LeadFilter filter) {
        return allPages(caller, filter, PageRequest.MAX_LIMIT).stream().map(Lead::id).toList();
    }

    /** The audit entries about a lead, oldest first: action, actor and the JSON snapshots. */
    static List<AuditRow> auditOf(String leadId) {
        return Rows.list("SELECT action, actor_id, old_value, new_value FROM audit_log WHERE entity_type = 'LEAD' AND entity_id = ? ORDER BY id",
                leadId).stream().map(AuditRow::of).toList();
    }

    record AuditRow(String action, UUID actorId, JsonNode oldValue, JsonNode newValue) {
        static AuditRow of(Map<String, Object> row) {
            return new AuditRow((String) row.get("action"), (UUID) row.get("actor_id"), json(row.get("old_value")), json(row.get("new_value")));
        }

        private static JsonNode json(Object value) {
            try {
                return value == null ? null : Json.MAPPER.readTree(value.toString());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
