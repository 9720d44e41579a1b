package com.cpnetwork.organizations;

import com.cpnetwork.audit.AuditEntry;
import com.cpnetwork.audit.AuditTrail;
import com.cpnetwork.audit.EntityType;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Role;
import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.db.TransactionScope;
import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.platform.errors.NotFound;
import com.cpnetwork.users.PasswordHasher;
import com.cpnetwork.users.PasswordPolicy;
import com.cpnetwork.users.User;
import com.cpnetwork.users.UserService;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Organizations: created by the platform operator, then configured by their admins. */
public final class OrganizationService {

    private final Database database;
    private final OrganizationRepository organizations = new OrganizationRepository();
    private final UserService userService;
    private final OperatorKey operatorKey;
    private final PasswordPolicy passwordPolicy;
    private final PasswordHasher passwordHasher;
    private final NewOrganizationSetup setup;
    private final AuditTrail audit;
    private final Clock clock;

    public OrganizationService(Database database, UserService userService,
                               OperatorKey operatorKey, PasswordPolicy passwordPolicy, PasswordHasher passwordHasher,
                               NewOrganizationSetup setup, AuditTrail audit, Clock clock) {
        this.database = database;
        this.userService = userService;
        this.operatorKey = operatorKey;
        this.passwordPolicy = passwordPolicy;
        this.passwordHasher = passwordHasher;
        this.setup = setup;
        this.audit = audit;
        this.clock = clock;
    }

    /** Checks the platform operator's key ({@code X-Operator-Key}) before anything else about the request. */
    public OperatorKey.Operator authenticateOperator(Optional<String> presentedKey) {
        return operatorKey.authenticate(presentedKey);
    }

    /** Creates an organization with its first admin and what {@link NewOrganizationSetup} adds, for the platform operator. */
    public OrganizationCreated createOrganization(OperatorKey.Operator operator, NewOrganization request) {
        Objects.requireNonNull(operator, "operator");
        String email = UserService.normalizeEmail(request.adminEmail());
        passwordPolicy.check("adminPassword", request.adminPassword(), email);
        String passwordHash = passwordHasher.hash(request.adminPassword());
        Instant now = clock.instant();
        Organization organization = Organization.named(UUID.randomUUID(), request.name().trim(), now);
        User admin = new User(UUID.randomUUID(), organization.id(), Role.ADMIN, request.adminName().trim(), email, null,
                null, null, true, false, false, now, now);
        return database.inTransaction(TransactionScope.organization(organization.id()), handle -> {
            organizations.insert(handle, organization);
            userService.insert(handle, admin, passwordHash);
            setup.prepare(handle, organization.id());
            audit.record(handle, AuditEntry.created(organization.id(), null, "ORGANIZATION_CREATED", EntityType.ORGANIZATION,
                    organization.id().toString(), organization));
            audit.record(handle, AuditEntry.created(organization.id(), null, "USER_CREATED", EntityType.USER, admin.id().toString(), admin));
            return new OrganizationCreated(organization.id(), organization.name(), admin.id());
        });
    }

    /** The caller's own organization. */
    public Organization current(Caller caller) {
        return database.asCaller(caller, handle -> organizations.find(handle, caller.orgId()).orElseThrow(() -> new NotFound("Organization")));
    }

    public Organization updateOrganization(Caller caller, OrganizationChanges changes) {
        caller.require(Role.ADMIN);
        return database.asCaller(caller, handle -> {
            Organization before = organizations.find(handle, caller.orgId()).orElseThrow(() -> new NotFound("Organization"));
            Organization after = before.changedBy(changes);
            if (after.gstin() != null && after.stateCode() != null && !Gstin.isRegisteredIn(after.gstin(), after.stateCode())) {
                throw Invalid.field("gstin", "is registered in another state than stateCode " + after.stateCode());
            }
            organizations.update(handle, after);
            audit.record(handle, AuditEntry.changed(caller.orgId(), caller.userId(), "ORGANIZATION_UPDATED", EntityType.ORGANIZATION,
                    before.id().toString(), before, after));
            return after;
        });
    }
}
