package com.cpnetwork.leads;

import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.FieldChecks;
import com.cpnetwork.platform.Role;
import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.errors.Conflict;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * The services an organization sells; leads may only ask for these. New organizations start with five. Thread-safe.
 *
 * <p>Checking a new lead's services does not read the catalog each time: each instance keeps the codes it last read
 * per organization. Codes are only ever added (the application may not update or delete {@code service_types}), so a
 * remembered code is never wrong; a code it does not know yet (added since, perhaps on another instance) makes it read
 * the catalog again before refusing. So no instance refuses a code the catalog has, and none accepts one it lacks (the
 * foreign key of {@code lead_services} would refuse it anyway): the cache is never stale where it matters.
 */
public final class ServiceCatalog {

    static final Map<String, String> STARTER = starter();
    /** Organizations whose codes an instance keeps; past this it starts over (a few bytes each, a safety bound). */
    private static final int REMEMBERED_ORGANIZATIONS = 10_000;

    private final Database database;
    private final Clock clock;
    private final Map<UUID, Set<String>> knownCodes = new ConcurrentHashMap<>();

    public ServiceCatalog(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    private static Map<String, String> starter() {
        Map<String, String> types = new LinkedHashMap<>();
        types.put("SOLAR_ROOFTOP", "Solar rooftop");
        types.put("SOLAR_WATER_HEATER", "Solar water heater");
        types.put("BATTERY_STORAGE", "Battery storage");
        types.put("EV_CHARGER", "EV charger");
        types.put("MAINTENANCE", "Maintenance");
        return types;
    }

    /** Gives a new organization the starter catalog, in the transaction that creates it. */
    public void addStarterTypes(Handle handle, UUID orgId) {
        Instant now = clock.instant();
        STARTER.forEach((code, name) -> insert(handle, orgId, new ServiceType(code, name, now)));
    }

    public List<ServiceType> listServiceTypes(Caller caller) {
        return database.asCaller(caller, handle -> handle.createQuery(
                "SELECT code, name, created_at FROM service_types WHERE org_id = :org ORDER BY code")
                .bind("org", caller.orgId())
                .map((row, context) -> new ServiceType(row.getString("code"), row.getString("name"),
                        row.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list());
    }

    /** Adds a service type (ADMIN); an existing code is a conflict. */
    public ServiceType addServiceType(Caller caller, String code, String name) {
        caller.require(Role.ADMIN);
        new FieldChecks().required("code", code).check(code == null || code.matches("^[A-Z][A-Z0-9_]{1,49}$"), "code",
                        "must be 2 to 50 capital letters, digits or underscores, starting with a letter")
                .required("name", name).text("name", name, 200).verify();
        ServiceType type = new ServiceType(code, name.trim(), clock.instant());
        return database.asCaller(caller, handle -> {
            if (insert(handle, caller.orgId(), type) == 0) {
                throw new Conflict("SERVICE_TYPE_EXISTS", "The catalog already has " + code);
            }
            return type;
        });
    }

    /** Refuses, naming each offending line, services whose type is not in the organization's catalog. */
    void requireKnown(Handle handle, UUID orgId, List<RequestedService> services) {
        Set<String> remembered = knownCodes.get(orgId);
        Set<String> known = remembered != null && services.stream().allMatch(line -> remembered.contains(line.type()))
                ? remembered : codes(handle, orgId);
        FieldChecks checks = new FieldChecks();
        for (int i = 0; i < services.size(); i++) {
            checks.check(known.contains(services.get(i).type()), "services[" + i + "].type",
                    "is not a service type of this organization (GET /v1/serviceTypes)");
        }
        checks.verify();
    }

    /** The organization's codes as the transaction sees them (its row-level security scope), remembered for later. */
    private Set<String> codes(Handle handle, UUID orgId) {
        Set<String> codes = Set.copyOf(handle.createQuery("SELECT code FROM service_types WHERE org_id = :org")
                .bind("org", orgId).mapTo(String.class).collect(Collectors.toSet()));
        if (knownCodes.size() >= REMEMBERED_ORGANIZATIONS) {
            knownCodes.clear();
        }
        knownCodes.put(orgId, codes);
        return codes;
    }

    private static int insert(Handle handle, UUID orgId, ServiceType type) {
        return handle.createUpdate("""
                INSERT INTO service_types (org_id, code, name, created_at) VALUES (:org, :code, :name, :at)
                ON CONFLICT DO NOTHING""")
                .bind("org", orgId).bind("code", type.code()).bind("name", type.name()).bind("at", type.createdAt())
                .execute();
    }
}
