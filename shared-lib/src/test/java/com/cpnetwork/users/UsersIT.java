package com.cpnetwork.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Page;
import com.cpnetwork.platform.PageRequest;
import com.cpnetwork.platform.Patch;
import com.cpnetwork.platform.Role;
import com.cpnetwork.platform.errors.Conflict;
import com.cpnetwork.platform.errors.DomainException;
import com.cpnetwork.platform.errors.Forbidden;
import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.platform.errors.NotFound;
import com.cpnetwork.testing.Fixtures;
import com.cpnetwork.testing.MutableClock;
import com.cpnetwork.testing.Rows;
import com.cpnetwork.testing.TestBackend;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Admins manage the accounts of their own organization, and only of it. */
class UsersIT {

    @RegisterExtension
    static final TestBackend world = TestBackend.perTestClass();

    private static UserService users;
    private static Fixtures fixtures;
    private static MutableClock clock;

    private Caller admin;

    @BeforeAll
    static void theBackendsServices() {
        users = world.backend().users();
        fixtures = world.fixtures();
        clock = world.clock();
    }

    @BeforeEach
    void anOrganizationWithItsAdmin() {
        admin = fixtures.anOrganization();
    }

    @Test
    void adminCreatesAnAccountOfEachRole() {
        User kam = users.createUser(admin, new NewUser(Role.KAM, " Kiran ", " KIRAN." + UUID.randomUUID() + "@Example.COM ", null,
                Fixtures.PASSWORD, null, null), false);
        User secondAdmin = users.createUser(admin, new NewUser(Role.ADMIN, "Arjun", Fixtures.anEmail("arjun"), null, Fixtures.PASSWORD,
                null, null), false);
        String cpPhone = Fixtures.aPhone();
        User cp = users.createUser(admin, new NewUser(Role.CP, "Chetan", null, cpPhone, null, "MH", kam.id()), false);
        String customerPhone = Fixtures.aPhone();
        User customer = users.createUser(admin, new NewUser(Role.CUSTOMER, "Kavya", null, customerPhone, null, null, null), false);

        assertThat(kam.name()).isEqualTo("Kiran");
        assertThat(kam.email()).isEqualTo(kam.email().toLowerCase().trim()).startsWith("kiran.");
        for (User staff : List.of(kam, secondAdmin)) {
            Map<String, Object> row = row(staff.id());
            assertThat(row).containsEntry("org_id", admin.orgId()).containsEntry("role", staff.role().name())
                    .containsEntry("email", staff.email()).containsEntry("active", true).containsEntry("blocked_token", false);
            assertThat((String) row.get("password_hash")).startsWith("$argon2id$").doesNotContain(Fixtures.PASSWORD);
        }
        assertThat(row(cp.id())).containsEntry("role", "CP").containsEntry("phone", cpPhone).containsEntry("state_code", "MH")
                .containsEntry("kam_id", kam.id()).containsEntry("password_hash", null);
        assertThat(row(customer.id())).containsEntry("role", "CUSTOMER").containsEntry("phone", customerPhone)
                .containsEntry("password_hash", null);
        for (User created : List.of(kam, secondAdmin, cp, customer)) {
            assertThat(Rows.auditActions(created.id().toString())).containsExactly("USER_CREATED");
            assertThat(users.getUser(admin, created.id())).isEqualTo(created);
        }
    }

    @Test
    void createdAccountsCanActAtOnce() {
        User cp = fixtures.aCpIn(admin, "KA");

        assertThat(users.me(Fixtures.callerOf(cp))).isEqualTo(cp);
    }

    @Test
    void aCustomerPhoneTakenInTheOrganizationIsAConflictUnlessOverridden() {
        String phone = Fixtures.aPhone();
        fixtures.aCustomer(admin, phone);
        NewUser sameNumber = new NewUser(Role.CUSTOMER, "Another Kavya", null, "0" + phone.substring(3), null, null, null);

        assertThatThrownBy(() -> users.createUser(admin, sameNumber, false))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.code()).isEqualTo("PHONE_TAKEN"));
        User second = users.createUser(admin, sameNumber, true);

        assertThat(second.phone()).isEqualTo(phone);
        assertThat(Rows.count("SELECT count(*) FROM users WHERE org_id = ? AND phone = ? AND role = 'CUSTOMER'", admin.orgId(), phone))
                .isEqualTo(2);
    }

    @Test
    void theSameCustomerPhoneIsFreeInAnotherOrganization() {
        String phone = Fixtures.aPhone();
        fixtures.aCustomer(admin, phone);
        Caller otherAdmin = fixtures.anOrganization();

        assertThat(fixtures.aCustomer(otherAdmin, phone).phone()).isEqualTo(phone);
    }

    @Test
    void cpPhonesMayRepeat() {
        String phone = Fixtures.aPhone();

        User first = fixtures.aCpIn(admin, "MH", phone);
        User second = fixtures.aCpIn(admin, "GJ", phone);

        assertThat(first.id()).isNotEqualTo(second.id());
        assertThat(List.of(first.phone(), second.phone())).containsOnly(phone);
    }

    @Test
    void phonesInCommonLocalFormatsAreStoredInE164() {
        User leadingZero = fixtures.aCpIn(admin, "MH", "098123 45678");
        User dashed = fixtures.aCpIn(admin, "MH", "+91-98123-45678");
        User bare = fixtures.aCpIn(admin, "MH", "9812345678");

        for (User cp : List.of(leadingZero, dashed, bare)) {
            assertThat(cp.phone()).isEqualTo("+919812345678");
            assertThat(row(cp.id())).containsEntry("phone", "+919812345678");
        }
    }

    @Test
    void garbagePhonesAreRefusedNamingThePhone() {
        for (String garbage : List.of("12345", "not a phone", "98123", "+91 00000 00000", "9".repeat(40), " ")) {
            assertThat(catchThrowable(() -> fixtures.aCpIn(admin, "MH", garbage)))
                    .as("phone [%s]", garbage)
                    .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsOnlyKeys("phone"));
        }
    }

    @Test
    void aStaffEmailTakenInAnotherOrganizationIsRefused() {
        User kamElsewhere = fixtures.aKam(fixtures.anOrganization());

        assertThatThrownBy(() -> users.createUser(admin, new NewUser(Role.KAM, "Copy", kamElsewhere.email().toUpperCase(), null, null,
                null, null), false))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.code()).isEqualTo("EMAIL_TAKEN"));
        assertThatThrownBy(() -> users.createUser(admin, new NewUser(Role.ADMIN, "Copy", kamElsewhere.email(), null, null,
                null, null), false))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.code()).isEqualTo("EMAIL_TAKEN"));
    }

    @Test
    void staffNeedAnEmailAndPhoneSignInAccountsNeedAPhoneAndNoPassword() {
        assertThatThrownBy(() -> new NewUser(Role.KAM, "Kiran", null, null, null, null, null))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsOnlyKeys("email"));
        assertThatThrownBy(() -> new NewUser(Role.CP, "Chetan", null, null, Fixtures.PASSWORD, null, null))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsOnlyKeys("phone", "stateCode", "password"));
        assertThatThrownBy(() -> new NewUser(Role.CUSTOMER, "Kavya", null, Fixtures.aPhone(), null, "mh", UUID.randomUUID()))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsOnlyKeys("stateCode", "kamId"));
    }

    @Test
    void aWeakStaffPasswordIsRefused() {
        assertThatThrownBy(() -> users.createUser(admin, new NewUser(Role.KAM, "Kiran", Fixtures.anEmail("kam"), null, "password123",
                null, null), false))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsOnlyKeys("password"));
    }

    @Test
    void theKamOfACpMustBeAnActiveKamOfTheSameOrganization() {
        User kamElsewhere = fixtures.aKam(fixtures.anOrganization());
        User inactiveKam = fixtures.aKam(admin);
        users.updateUser(admin, inactiveKam.id(), changes().active(false).build());
        User notAKam = fixtures.aCpIn(admin, "MH");

        for (UUID kamId : List.of(kamElsewhere.id(), inactiveKam.id(), notAKam.id(), UUID.randomUUID())) {
            assertThatThrownBy(() -> users.createUser(admin, new NewUser(Role.CP, "Chetan", null, Fixtures.aPhone(), null, "MH", kamId), false))
                    .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsOnlyKeys("kamId"));
        }
        User cp = fixtures.aCpIn(admin, "MH");
        assertThatThrownBy(() -> users.updateUser(admin, cp.id(), changes().kamId(kamElsewhere.id()).build()))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsOnlyKeys("kamId"));
        User kam = fixtures.aKam(admin);
        assertThat(users.updateUser(admin, cp.id(), changes().kamId(kam.id()).build()).kamId()).isEqualTo(kam.id());
        assertThat(users.updateUser(admin, cp.id(), changes().kamId(null).build()).kamId()).isNull();
        assertThat(row(cp.id())).containsEntry("kam_id", null);
    }

    @Test
    void onlyACpHasAKamAndACpKeepsItsTerritory() {
        User kam = fixtures.aKam(admin);
        User customer = fixtures.aCustomer(admin, Fixtures.aPhone());
        User cp = fixtures.aCpIn(admin, "MH");

        assertThatThrownBy(() -> users.updateUser(admin, customer.id(), changes().kamId(kam.id()).build()))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsOnlyKeys("kamId"));
        assertThatThrownBy(() -> users.updateUser(admin, cp.id(), changes().stateCode(null).build()))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsOnlyKeys("stateCode"));
    }

    @Test
    void onlyAdminsManageAccounts() {
        User kam = fixtures.aKam(admin);
        User cp = fixtures.aCpIn(admin, "MH");
        User customer = fixtures.aCustomer(admin, Fixtures.aPhone());
        NewUser request = new NewUser(Role.CP, "Chetan", null, Fixtures.aPhone(), null, "MH", null);
        long usersBefore = Rows.count("SELECT count(*) FROM users WHERE org_id = ?", admin.orgId());

        for (User account : List.of(kam, cp, customer)) {
            Caller caller = Fixtures.callerOf(account);
            List<ThrowingCallable> calls = List.of(
                    () -> users.createUser(caller, request, false),
                    () -> users.getUser(caller, cp.id()),
                    () -> users.listUsers(caller, Optional.empty(), Optional.empty(), PageRequest.of(Optional.empty(), Optional.empty())),
                    () -> users.updateUser(caller, cp.id(), changes().name("Renamed").build()));
            for (ThrowingCallable call : calls) {
                assertThat(catchThrowable(call)).as(account.role().name()).isInstanceOf(Forbidden.class);
            }
        }
        assertThat(Rows.count("SELECT count(*) FROM users WHERE org_id = ?", admin.orgId())).isEqualTo(usersBefore);
        assertThat(users.getUser(admin, cp.id()).name()).isEqualTo(cp.name());
    }

    @Test
    void listFiltersByRoleAndSearchesNameEmailAndPhone() {
        User kam = fixtures.aKam(admin);
        String phone = Fixtures.aPhone();
        User cp = users.createUser(admin, new NewUser(Role.CP, "Zubin Mehta_%", null, phone, null, "MH", null), false);
        User customer = fixtures.aCustomer(admin, Fixtures.aPhone());

        assertThat(ids(list(Optional.of(Role.KAM), Optional.empty()))).containsExactly(kam.id());
        assertThat(ids(list(Optional.of(Role.ADMIN), Optional.empty()))).containsExactly(admin.userId());
        assertThat(ids(list(Optional.empty(), Optional.empty()))).containsExactlyInAnyOrder(admin.userId(), kam.id(), cp.id(), customer.id());
        assertThat(ids(list(Optional.empty(), Optional.of("zubin")))).containsExactly(cp.id());
        assertThat(ids(list(Optional.empty(), Optional.of("_%")))).containsExactly(cp.id());
        assertThat(ids(list(Optional.empty(), Optional.of(phone.substring(5))))).containsExactly(cp.id());
        assertThat(ids(list(Optional.empty(), Optional.of(kam.email().toUpperCase())))).containsExactly(kam.id());
        assertThat(ids(list(Optional.of(Role.CUSTOMER), Optional.of("zubin")))).isEmpty();
    }

    @Test
    void listIsNewestFirst() {
        clock.advance(Duration.ofSeconds(1));
        User older = fixtures.aCpIn(admin, "MH");
        clock.advance(Duration.ofSeconds(1));
        User newer = fixtures.aCpIn(admin, "MH");

        assertThat(ids(list(Optional.of(Role.CP), Optional.empty()))).containsExactly(newer.id(), older.id());
    }

    @Test
    void pagesOfTwoWalkEveryAccountOnceWithoutGaps() {
        List<UUID> created = new ArrayList<>();
        created.add(admin.userId());
        for (int i = 0; i < 3; i++) {
            created.add(fixtures.aCpIn(admin, "MH").id()); // same instant: the id breaks the tie
        }
        clock.advance(Duration.ofMillis(1));
        for (int i = 0; i < 3; i++) {
            created.add(fixtures.aCustomer(admin, Fixtures.aPhone()).id());
        }

        List<UUID> walked = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        int pages = 0;
        do {
            Page<User> page = users.listUsers(admin, Optional.empty(), Optional.empty(), PageRequest.of(Optional.of("2"), cursor));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(2).isNotEmpty();
            page.items().forEach(user -> walked.add(user.id()));
            cursor = Optional.ofNullable(page.nextCursor());
            pages++;
        } while (cursor.isPresent());

        assertThat(pages).isEqualTo(4);
        assertThat(walked).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
        assertThat(walked).isEqualTo(ids(list(Optional.empty(), Optional.empty())));
    }

    @Test
    void theLastPageHasNoNextCursor() {
        Page<User> onlyPage = users.listUsers(admin, Optional.empty(), Optional.empty(), PageRequest.of(Optional.of("1"), Optional.empty()));

        assertThat(onlyPage.items()).extracting(User::id).containsExactly(admin.userId());
        assertThat(onlyPage.nextCursor()).isNull();
    }

    @Test
    void aCursorWeDidNotIssueIsRefused() {
        String forgedId = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("2026-01-01T00:00:00Z|not-a-user-id".getBytes(StandardCharsets.UTF_8));
        String noSeparator = Base64.getUrlEncoder().withoutPadding().encodeToString("hello".getBytes(StandardCharsets.UTF_8));

        for (String cursor : List.of("%%%", noSeparator, forgedId)) {
            assertThat(catchThrowable(() -> users.listUsers(admin, Optional.empty(), Optional.empty(),
                    PageRequest.of(Optional.of("2"), Optional.of(cursor)))))
                    .as("cursor %s", cursor)
                    .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsOnlyKeys("cursor"));
        }
    }

    @Test
    void aLimitOutsideOneTo200IsRefused() {
        for (String limit : List.of("0", "201", "-1", "ten")) {
            assertThat(catchThrowable(() -> PageRequest.of(Optional.of(limit), Optional.empty())))
                    .as("limit %s", limit)
                    .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.details()).containsOnlyKeys("limit"));
        }
        assertThat(PageRequest.of(Optional.of("200"), Optional.empty()).limit()).isEqualTo(200);
        assertThat(PageRequest.of(Optional.empty(), Optional.empty()).limit()).isEqualTo(50);
    }

    @Test
    void anotherOrganizationsAccountsAreInvisible() {
        User cpOfA = fixtures.aCpIn(admin, "MH");
        Caller adminOfB = fixtures.anOrganization();

        assertThatThrownBy(() -> users.getUser(adminOfB, cpOfA.id())).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> users.updateUser(adminOfB, cpOfA.id(), changes().blockedToken(true).build())).isInstanceOf(NotFound.class);
        assertThat(ids(users.listUsers(adminOfB, Optional.empty(), Optional.empty(), PageRequest.of(Optional.of("200"), Optional.empty()))))
                .containsExactly(adminOfB.userId());
        assertThat(ids(users.listUsers(adminOfB, Optional.empty(), Optional.of(cpOfA.phone()), PageRequest.of(Optional.empty(), Optional.empty()))))
                .isEmpty();
        assertThat(row(cpOfA.id())).containsEntry("blocked_token", false);
    }

    @Test
    void anUpdateIsAuditedWithTheAccountBeforeAndAfterButNoCredentials() {
        User kam = fixtures.aKam(admin);
        clock.advance(Duration.ofMinutes(1));

        User updated = users.updateUser(admin, kam.id(), changes().name("Kiran Rao").build());

        assertThat(updated.name()).isEqualTo("Kiran Rao");
        assertThat(updated.updatedAt()).isEqualTo(clock.instant());
        assertThat(row(kam.id())).containsEntry("name", "Kiran Rao");
        Map<String, Object> entry = Rows.list("""
                SELECT actor_id, old_value::text AS old_value, new_value::text AS new_value FROM audit_log
                 WHERE entity_id = ? AND action = 'USER_UPDATED'""", kam.id().toString()).get(0);
        assertThat(entry.get("actor_id")).isEqualTo(admin.userId());
        assertThat((String) entry.get("old_value")).contains("\"name\": \"Kiran KAM\"");
        assertThat((String) entry.get("new_value")).contains("\"name\": \"Kiran Rao\"");
        for (String snapshot : List.of((String) entry.get("old_value"), (String) entry.get("new_value"))) {
            assertThat(snapshot.toLowerCase()).doesNotContain("password").doesNotContain("argon2").doesNotContain("totp_secret")
                    .doesNotContain(Fixtures.PASSWORD);
        }
    }

    @Test
    void aBlockedAccountIsStoppedAtItsNextCallEvenWithAValidToken() {
        User cp = fixtures.aCpIn(admin, "MH");
        Caller cpCaller = Fixtures.callerOf(cp);
        users.me(cpCaller);

        users.updateUser(admin, cp.id(), changes().blockedToken(true).build());

        assertThatThrownBy(() -> users.me(cpCaller)).isInstanceOfSatisfying(Forbidden.class, e -> assertThat(e.code()).isEqualTo("USER_BLOCKED"));
        users.updateUser(admin, cp.id(), changes().blockedToken(false).build());
        assertThat(users.me(cpCaller).blockedToken()).isFalse();
    }

    @Test
    void aDeactivatedAccountIsStoppedAtItsNextCall() {
        User kam = fixtures.aKam(admin);
        Caller kamCaller = Fixtures.callerOf(kam);

        users.updateUser(admin, kam.id(), changes().active(false).build());

        assertThatThrownBy(() -> users.me(kamCaller)).isInstanceOfSatisfying(Forbidden.class, e -> assertThat(e.code()).isEqualTo("ACCOUNT_INACTIVE"));
        assertThat(row(kam.id())).containsEntry("active", false);
    }

    @Test
    void aBlockedAdminLosesAdminPowersAtOnce() {
        User secondAdmin = fixtures.anAdmin(admin);
        Caller second = Fixtures.callerOf(secondAdmin);

        users.updateUser(admin, secondAdmin.id(), changes().blockedToken(true).build());

        assertThatThrownBy(() -> users.createUser(second, new NewUser(Role.CP, "Chetan", null, Fixtures.aPhone(), null, "MH", null), false))
                .isInstanceOfSatisfying(Forbidden.class, e -> assertThat(e.code()).isEqualTo("USER_BLOCKED"));
    }

    @Test
    void aTokenWhoseRoleNoLongerMatchesTheAccountIsRefused() {
        User cp = fixtures.aCpIn(admin, "MH");

        assertThatThrownBy(() -> users.me(new Caller(cp.id(), cp.orgId(), Role.ADMIN)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("INVALID_TOKEN"));
    }

    @Test
    void anAdminCannotBlockOrDeactivateThemselves() {
        assertThatThrownBy(() -> users.updateUser(admin, admin.userId(), changes().blockedToken(true).build()))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.code()).isEqualTo("CANNOT_LOCK_OUT_SELF"));
        assertThatThrownBy(() -> users.updateUser(admin, admin.userId(), changes().active(false).build()))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.code()).isEqualTo("CANNOT_LOCK_OUT_SELF"));
        assertThat(row(admin.userId())).containsEntry("blocked_token", false).containsEntry("active", true);
        assertThat(users.updateUser(admin, admin.userId(), changes().name("Still Me").build()).name()).isEqualTo("Still Me");
    }

    private Page<User> list(Optional<Role> role, Optional<String> search) {
        return users.listUsers(admin, role, search, PageRequest.of(Optional.of("200"), Optional.empty()));
    }

    private static List<UUID> ids(Page<User> page) {
        return page.items().stream().map(User::id).toList();
    }

    private static Map<String, Object> row(UUID userId) {
        return Rows.list("SELECT * FROM users WHERE id = ?", userId).get(0);
    }

    private static Changes changes() {
        return new Changes();
    }

    /** Builds a {@link UserChanges} with only the fields a test names. */
    private static final class Changes {
        private Patch<String> name = Patch.absent();
        private Patch<String> stateCode = Patch.absent();
        private Patch<UUID> kamId = Patch.absent();
        private Patch<Boolean> blockedToken = Patch.absent();
        private Patch<Boolean> active = Patch.absent();

        Changes name(String value) {
            name = Patch.of(value);
            return this;
        }

        Changes stateCode(String value) {
            stateCode = Patch.of(value);
            return this;
        }

        Changes kamId(UUID value) {
            kamId = Patch.of(value);
            return this;
        }

        Changes blockedToken(boolean value) {
            blockedToken = Patch.of(value);
            return this;
        }

        Changes active(boolean value) {
            active = Patch.of(value);
            return this;
        }

        UserChanges build() {
            return new UserChanges(name, stateCode, kamId, blockedToken, active);
        }
    }
}
