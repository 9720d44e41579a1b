package com.cpnetwork.users;

import com.cpnetwork.audit.AuditEntry;
import com.cpnetwork.audit.AuditTrail;
import com.cpnetwork.audit.EntityType;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Page;
import com.cpnetwork.platform.PageRequest;
import com.cpnetwork.platform.PhoneNumbers;
import com.cpnetwork.platform.Role;
import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.db.SqlErrors;
import com.cpnetwork.platform.errors.Conflict;
import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.platform.errors.NotFound;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Accounts of an organization, managed by its admins. */
public final class UserService {

    private final Database database;
    private final UserRepository users = new UserRepository();
    private final Accounts accounts;
    private final PhoneNumbers phones;
    private final PasswordPolicy passwordPolicy;
    private final PasswordHasher passwordHasher;
    private final AuditTrail audit;
    private final Clock clock;

    public UserService(Database database, Accounts accounts, PhoneNumbers phones, PasswordPolicy passwordPolicy,
                       PasswordHasher passwordHasher, AuditTrail audit, Clock clock) {
        this.database = database;
        this.accounts = accounts;
        this.phones = phones;
        this.passwordPolicy = passwordPolicy;
        this.passwordHasher = passwordHasher;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Creates an account. A CUSTOMER phone already used by another customer of the organization is refused with
     * {@code PHONE_TAKEN} unless {@code overridePhoneTaken}; a staff email used by any account with {@code EMAIL_TAKEN}.
     */
    public User createUser(Caller caller, NewUser request, boolean overridePhoneTaken) {
        caller.require(Role.ADMIN);
        String email = normalizeEmail(request.email());
        String phone = request.phone() == null ? null : phones.normalize("phone", request.phone());
        String passwordHash = null;
        if (request.password() != null) {
            passwordPolicy.check("password", request.password(), email);
            passwordHash = passwordHasher.hash(request.password());
        }
        String hash = passwordHash;
        return database.asCaller(caller, handle -> {
            if (request.kamId() != null) {
                requireActiveKam(handle, request.kamId());
            }
            if (request.role() == Role.CUSTOMER) {
                users.lockCustomerPhone(handle, caller.orgId(), phone);
                if (!overridePhoneTaken && users.findCustomerByPhone(handle, caller.orgId(), phone).isPresent()) {
                    throw new Conflict("PHONE_TAKEN", "Another customer of this organization has this phone");
                }
            }
            Instant now = clock.instant();
            User user = new User(UUID.randomUUID(), caller.orgId(), request.role(), request.name().trim(), email, phone,
                    request.stateCode(), request.kamId(), true, false, false, now, now);
            insert(handle, user, hash);
            audit.record(handle, AuditEntry.created(caller.orgId(), caller.userId(), "USER_CREATED", EntityType.USER, user.id().toString(), user));
            return user;
        });
    }

    /**
     * Inserts an account, turning a clash on the global staff-email index into {@code EMAIL_TAKEN}. Shared with
     * organization creation, which inserts the first admin.
     */
    public void insert(Handle handle, User user, String passwordHash) {
        try {
            users.insert(handle, user, passwordHash);
        } catch (UnableToExecuteStatementException e) {
            if (SqlErrors.isUniqueViolation(e, "users_staff_email")) {
                throw new Conflict("EMAIL_TAKEN", "An account with this email already exists");
            }
            throw e;
        }
    }

    /**
     * The organization's CUSTOMER with this (normalized) phone; when there is none it is created with {@code name},
     * audited as done by {@code actorId}. Runs in the caller's transaction; concurrent calls for one phone serialize.
     */
    public User customerWithPhone(Handle handle, UUID orgId, UUID actorId, String phone, String name) {
        users.lockCustomerPhone(handle, orgId, phone);
        return users.findCustomerByPhone(handle, orgId, phone).orElseGet(() -> {
            Instant now = clock.instant();
            User customer = new User(UUID.randomUUID(), orgId, Role.CUSTOMER, name.trim(), null, phone, null, null,
                    true, false, false, now, now);
            users.insert(handle, customer, null);
            audit.record(handle, AuditEntry.created(orgId, actorId, "USER_CREATED", EntityType.USER, customer.id().toString(), customer));
            return customer;
        });
    }

    public User getUser(Caller caller, UUID id) {
        caller.require(Role.ADMIN);
        return database.asCaller(caller, handle -> accounts.find(handle, id).orElseThrow(() -> new NotFound("User " + id)));
    }

    /** The caller's own account. */
    public User me(Caller caller) {
        return database.asCaller(caller, handle -> accounts.find(handle, caller.userId()).orElseThrow(() -> new NotFound("User")));
    }

    public Page<User> listUsers(Caller caller, Optional<Role> role, Optional<String> search, PageRequest page) {
        caller.require(Role.ADMIN);
        PageRequest checked = new PageRequest(page.limit(), page.after().map(UserService::userPosition));
        return database.asCaller(caller, handle -> checked.page(
                users.list(handle, caller.orgId(), role, search, checked),
                user -> new PageRequest.Position(user.createdAt(), user.id().toString())));
    }

    /** Positions in this list end at a user id; a cursor holding anything else was not issued by us. */
    private static PageRequest.Position userPosition(PageRequest.Position position) {
        try {
            return new PageRequest.Position(position.at(), UUID.fromString(position.id()).toString());
        } catch (IllegalArgumentException e) {
            throw Invalid.field("cursor", "is not a cursor this API issued");
        }
    }

    /** Changes name, territory, KAM, blocked and active flags; the audit entry keeps the account before and after. */
    public User updateUser(Caller caller, UUID id, UserChanges changes) {
        caller.require(Role.ADMIN);
        return database.asCaller(caller, handle -> {
            User before = accounts.find(handle, id).orElseThrow(() -> new NotFound("User " + id));
            User after = changes.applyTo(before, clock.instant());
            if (changes.kamId().present() && after.kamId() != null) {
                if (after.role() != Role.CP) {
                    throw Invalid.field("kamId", "only a CP has a KAM");
                }
                requireActiveKam(handle, after.kamId());
            }
            if (after.role() == Role.CP && after.stateCode() == null) {
                throw Invalid.field("stateCode", "is required for a CP");
            }
            if (after.id().equals(caller.userId()) && (!after.active() || after.blockedToken())) {
                throw new Conflict("CANNOT_LOCK_OUT_SELF", "Admins cannot block or deactivate their own account");
            }
            users.update(handle, after);
            audit.record(handle, AuditEntry.changed(caller.orgId(), caller.userId(), "USER_UPDATED", EntityType.USER, id.toString(), before, after));
            return after;
        });
    }

    private void requireActiveKam(Handle handle, UUID kamId) {
        accounts.find(handle, kamId)
                .filter(kam -> kam.role() == Role.KAM && kam.active())
                .orElseThrow(() -> Invalid.field("kamId", "must be an active KAM of this organization"));
    }

    /** Emails are compared and stored in lower case. */
    public static String normalizeEmail(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }
}
