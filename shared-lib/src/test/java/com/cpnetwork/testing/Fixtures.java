package com.cpnetwork.testing;

import com.cpnetwork.Backend;
import com.cpnetwork.organizations.NewOrganization;
import com.cpnetwork.organizations.OrganizationCreated;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Role;
import com.cpnetwork.users.NewUser;
import com.cpnetwork.users.User;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Organizations and accounts made through the real services, as an operator and an admin would make them. Each
 * fixture is unique (names, emails, phones), so tests sharing the database never see each other's data.
 *
 * <p>The methods without an admin act in the organization made last by {@link #anOrganization()}.
 */
public final class Fixtures {

    /** The password of every staff account the fixtures make. */
    public static final String PASSWORD = "violet-harbour-lantern-42";

    private static final AtomicLong PHONES = new AtomicLong(ThreadLocalRandom.current().nextLong(20_000_000L, 90_000_000L));

    private final Backend backend;
    private final Set<UUID> organizations = ConcurrentHashMap.newKeySet();
    private volatile Caller currentAdmin;

    Fixtures(Backend backend) {
        this.backend = backend;
    }

    /** A new organization; returns its first admin (who signs in with {@link #PASSWORD}). */
    public Caller anOrganization() {
        return anOrganizationWithAdmin(anEmail("admin"));
    }

    public Caller anOrganizationWithAdmin(String adminEmail) {
        OrganizationCreated created = backend.organizations().createOrganization(
                backend.organizations().authenticateOperator(Optional.of(TestBackend.OPERATOR_KEY)),
                new NewOrganization("Org " + UUID.randomUUID(), adminEmail, "Asha Admin", PASSWORD));
        organizations.add(created.id());
        Caller admin = new Caller(created.adminUserId(), created.id(), Role.ADMIN);
        currentAdmin = admin;
        return admin;
    }

    /** The admin of the organization made last. */
    public Caller admin() {
        if (currentAdmin == null) {
            throw new IllegalStateException("Make an organization first");
        }
        return currentAdmin;
    }

    /** Every organization these fixtures made. */
    public Set<UUID> organizations() {
        return Set.copyOf(organizations);
    }

    public User aCpIn(String stateCode) {
        return aCpIn(admin(), stateCode);
    }

    public User aCpIn(Caller admin, String stateCode) {
        return aCpIn(admin, stateCode, aPhone());
    }

    public User aCpIn(Caller admin, String stateCode, String phone) {
        return create(admin, new NewUser(Role.CP, "Chetan CP", null, phone, null, stateCode, null));
    }

    public User aCustomer(String phone) {
        return aCustomer(admin(), phone);
    }

    public User aCustomer(Caller admin, String phone) {
        return create(admin, new NewUser(Role.CUSTOMER, "Kavya Customer", null, phone, null, null, null));
    }

    public User aCustomer() {
        return aCustomer(aPhone());
    }

    /** A KAM who signs in with {@link #PASSWORD}. */
    public User aKam() {
        return aKam(admin());
    }

    public User aKam(Caller admin) {
        return create(admin, new NewUser(Role.KAM, "Kiran KAM", anEmail("kam"), null, PASSWORD, null, null));
    }

    /** A second admin who signs in with {@link #PASSWORD}. */
    public User anAdmin(Caller admin) {
        return create(admin, new NewUser(Role.ADMIN, "Arjun Admin", anEmail("admin"), null, PASSWORD, null, null));
    }

    private User create(Caller admin, NewUser request) {
        return backend.users().createUser(admin, request, false);
    }

    /** The caller an access token of this account would speak for. */
    public static Caller callerOf(User user) {
        return new Caller(user.id(), user.orgId(), user.role());
    }

    /** A valid Indian mobile number in E.164, never handed out twice in this JVM. */
    public static String aPhone() {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        while (true) {
            String candidate = "+9198" + String.format("%08d", PHONES.incrementAndGet() % 100_000_000L);
            try {
                if (util.isValidNumber(util.parse(candidate, "IN"))) {
                    return candidate;
                }
            } catch (NumberParseException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A unique, well-formed email address. */
    public static String anEmail(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    }
}
