package com.cpnetwork.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cpnetwork.platform.errors.Conflict;
import com.cpnetwork.testing.TestInfrastructure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Organizations stay apart in PostgreSQL itself, whatever the SQL forgets. */
class RowLevelSecurityIT {

    private final TestInfrastructure infrastructure = TestInfrastructure.get();
    private final Database database = infrastructure.database();
    private UUID orgA;
    private UUID orgB;
    private UUID userOfA;
    private UUID userOfB;

    @BeforeEach
    void twoOrganizationsWithOneUserEach() {
        orgA = anOrganization();
        orgB = anOrganization();
        userOfA = aUserIn(orgA);
        userOfB = aUserIn(orgB);
    }

    @Test
    void queryWithoutOrganizationFilterReturnsOnlyTheScopedOrganizationsRows() {
        List<UUID> visibleOrgs = database.inTransaction(TransactionScope.organization(orgA),
                h -> h.createQuery("SELECT org_id FROM users").mapTo(UUID.class).list());
        List<UUID> visibleUsers = database.inTransaction(TransactionScope.organization(orgA),
                h -> h.createQuery("SELECT id FROM users").mapTo(UUID.class).list());

        assertThat(visibleOrgs).isNotEmpty().containsOnly(orgA);
        assertThat(visibleUsers).contains(userOfA).doesNotContain(userOfB);
    }

    @Test
    void otherOrganizationsRowIsInvisibleEvenByItsId() {
        int found = database.inTransaction(TransactionScope.organization(orgA),
                h -> h.createQuery("SELECT count(*) FROM users WHERE id = :id").bind("id", userOfB).mapTo(Integer.class).one());

        assertThat(found).isZero();
    }

    @Test
    void transactionWithoutOrganizationSeesNoTenantRows() {
        int users = database.inTransaction(TransactionScope.system(),
                h -> h.createQuery("SELECT count(*) FROM users").mapTo(Integer.class).one());
        int organizations = database.inTransaction(TransactionScope.system(),
                h -> h.createQuery("SELECT count(*) FROM organizations").mapTo(Integer.class).one());

        assertThat(users).isZero();
        assertThat(organizations).isZero();
    }

    @Test
    void rowCannotBeWrittenIntoAnotherOrganization() {
        assertThatThrownBy(() -> database.inTransaction(TransactionScope.organization(orgA), h -> insertUser(h, orgB)))
                .isInstanceOf(DatabaseFailure.class)
                .hasMessageContaining("row-level security");
    }

    @Test
    void rowCannotBeMovedToAnotherOrganization() {
        assertThatThrownBy(() -> database.inTransaction(TransactionScope.organization(orgA),
                h -> h.createUpdate("UPDATE users SET org_id = :other WHERE id = :id").bind("other", orgB).bind("id", userOfA).execute()))
                .hasMessageContaining("row-level security");
    }

    @Test
    void updateWithoutFilterChangesOnlyTheScopedOrganizationsRows() {
        database.inTransaction(TransactionScope.organization(orgA), h -> h.createUpdate("UPDATE users SET name = 'renamed'").execute());

        String nameOfB = ownerQuery("SELECT name FROM users WHERE id = ?", userOfB);
        assertThat(nameOfB).isEqualTo("someone");
    }

    @Test
    void scopeEndsWithItsTransaction() {
        database.inTransaction(TransactionScope.organization(orgA), h -> 0);

        // Every pooled connection has served a scoped transaction by now; a system one must not inherit it.
        for (int i = 0; i < 8; i++) {
            String org = database.inTransaction(TransactionScope.system(),
                    h -> h.createQuery("SELECT coalesce(current_setting('app.org_id', true), '')").mapTo(String.class).one());
            assertThat(org).isEmpty();
        }
    }

    @Test
    void domainErrorRollsBackEverythingTheTransactionWrote() {
        UUID user = UUID.randomUUID();

        assertThatThrownBy(() -> database.inTransaction(TransactionScope.organization(orgA), h -> {
            insertUser(h, orgA, user);
            throw new Conflict("SOME_RULE", "refused");
        })).isInstanceOf(Conflict.class);

        int stored = database.inTransaction(TransactionScope.organization(orgA),
                h -> h.createQuery("SELECT count(*) FROM users WHERE id = :id").bind("id", user).mapTo(Integer.class).one());
        assertThat(stored).isZero();
    }

    @Test
    void auditLogIsAppendOnlyForTheApplication() {
        database.inTransaction(TransactionScope.organization(orgA), h -> h.createUpdate("""
                INSERT INTO audit_log (org_id, actor_id, action, entity_type, entity_id, at)
                VALUES (:org, :actor, 'USER_CREATED', 'USER', :entity, now())""")
                .bind("org", orgA).bind("actor", userOfA).bind("entity", userOfA.toString()).execute());

        assertThatThrownBy(() -> database.inTransaction(TransactionScope.organization(orgA),
                h -> h.createUpdate("UPDATE audit_log SET action = 'FORGED'").execute()))
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> database.inTransaction(TransactionScope.organization(orgA),
                h -> h.createUpdate("DELETE FROM audit_log").execute()))
                .hasMessageContaining("permission denied");
    }

    @Test
    void applicationCannotSwitchRowLevelSecurityOff() {
        assertThatThrownBy(() -> database.inTransaction(TransactionScope.organization(orgA),
                h -> h.createUpdate("ALTER TABLE users DISABLE ROW LEVEL SECURITY").execute()))
                .hasMessageContaining("must be owner");
        assertThatThrownBy(() -> database.inTransaction(TransactionScope.organization(orgA),
                h -> h.createUpdate("SET LOCAL row_security = off").execute() + h.createQuery("SELECT count(*) FROM users").mapTo(Integer.class).one()))
                .hasMessageContaining("row-level security");
    }

    @Test
    void applicationRoleOwnsNothingAndCannotBypassRowLevelSecurity() {
        assertThat(ownerQuery("SELECT (rolsuper OR rolbypassrls)::text FROM pg_roles WHERE rolname = ?", TestInfrastructure.APP_USER))
                .isEqualTo("false");
        assertThat(ownerQuery("SELECT count(*)::text FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = ?",
                TestInfrastructure.APP_USER)).isEqualTo("0");
    }

    @Test
    void everyTableWithAnOrganizationColumnHasForcedRowLevelSecurityAndAPolicy() throws SQLException {
        List<String> unprotected = new ArrayList<>();
        try (Connection owner = infrastructure.ownerConnection(); Statement statement = owner.createStatement();
             ResultSet rows = statement.executeQuery("""
                     SELECT c.relname
                     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = 'public' AND c.relkind = 'r'
                       AND (c.relname = 'organizations'
                            OR EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'org_id'))
                       AND NOT (c.relrowsecurity AND c.relforcerowsecurity
                                AND EXISTS (SELECT FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = c.relname))""")) {
            while (rows.next()) {
                unprotected.add(rows.getString(1));
            }
        }
        assertThat(unprotected).isEmpty();
    }

    @Test
    void outboxRowsOfEveryOrganizationAreVisibleOnlyInTheSystemScope() {
        UUID rowOfA = anOutboxRow(orgA);
        UUID rowOfB = anOutboxRow(orgB);

        List<UUID> seenByA = database.inTransaction(TransactionScope.organization(orgA),
                h -> h.createQuery("SELECT id FROM outbox").mapTo(UUID.class).list());
        List<UUID> seenBySystem = database.inTransaction(TransactionScope.system(),
                h -> h.createQuery("SELECT id FROM outbox").mapTo(UUID.class).list());

        assertThat(seenByA).contains(rowOfA).doesNotContain(rowOfB);
        assertThat(seenBySystem).contains(rowOfA, rowOfB);
    }

    private UUID anOrganization() {
        UUID id = UUID.randomUUID();
        database.inTransaction(TransactionScope.organization(id), h -> h.createUpdate(
                "INSERT INTO organizations (id, name, created_at) VALUES (:id, 'Org', :now)")
                .bind("id", id).bind("now", Instant.now()).execute());
        return id;
    }

    private UUID aUserIn(UUID org) {
        UUID id = UUID.randomUUID();
        database.inTransaction(TransactionScope.organization(org), h -> insertUser(h, org, id));
        return id;
    }

    private static int insertUser(Handle handle, UUID org) {
        return insertUser(handle, org, UUID.randomUUID());
    }

    private static int insertUser(Handle handle, UUID org, UUID id) {
        return handle.createUpdate("""
                INSERT INTO users (id, org_id, role, name, phone, created_at, updated_at)
                VALUES (:id, :org, 'CP', 'someone', '+919812345678', now(), now())""")
                .bind("id", id).bind("org", org).execute();
    }

    private UUID anOutboxRow(UUID org) {
        UUID id = UUID.randomUUID();
        database.inTransaction(TransactionScope.organization(org), h -> h.createUpdate("""
                INSERT INTO outbox (id, org_id, queue, payload, created_at)
                VALUES (:id, :org, 'notifications', '{}'::jsonb, now())""")
                .bind("id", id).bind("org", org).execute());
        return id;
    }

    private String ownerQuery(String sql, Object parameter) {
        try (Connection owner = infrastructure.ownerConnection(); PreparedStatement statement = owner.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
