package com.cpnetwork.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.platform.errors.SafeErrorDescription;
import com.cpnetwork.platform.errors.Unavailable;
import com.cpnetwork.testing.StallingProxy;
import com.cpnetwork.testing.TestInfrastructure;
import java.net.URI;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How the database fails, as callers see it: a stalled or slow database becomes {@link Unavailable} within seconds,
 * a value PostgreSQL refuses becomes {@link Invalid}, and no failure carries the statement's values.
 */
class DatabaseFaultsIT {

    private static final String PHONE = "+919812345678";
    private static final String EMAIL = "meera.secret@example.com";

    private final TestInfrastructure infrastructure = TestInfrastructure.get();
    private final Database database = infrastructure.database();

    @Test
    void aFailedStatementNamesItsSqlStateAndPlaceButNoValue() {
        Throwable failure = catchThrowable(() -> database.inTransaction(TransactionScope.organization(UUID.randomUUID()),
                handle -> handle.createUpdate("INSERT INTO users (id, org_id, role, name, email, phone, created_at, updated_at)"
                                + " VALUES (:id, :org, 'CUSTOMER', :name, :email, :phone, now(), now())")
                        .bind("id", UUID.randomUUID()).bind("org", UUID.randomUUID()).bind("name", "Meera Secret")
                        .bind("email", EMAIL).bind("phone", PHONE).execute()));

        assertThat(failure).isInstanceOf(DatabaseFailure.class).hasNoCause();
        assertThat(failure.getMessage()).contains("SQLSTATE 42501").contains("row-level security policy for table \"users\"")
                .contains("in DatabaseFaultsIT.lambda$aFailedStatementNamesItsSqlStateAndPlaceButNoValue");
        String logged = SafeErrorDescription.of(failure);
        assertThat(logged).doesNotContain(PHONE).doesNotContain("9812345678").doesNotContain(EMAIL).doesNotContain("Meera");
        assertThat(failure.getMessage()).doesNotContain(PHONE).doesNotContain(EMAIL).doesNotContain("Meera");
    }

    @Test
    void aPoolThatLendsNoConnectionInTimeIsUnavailableEvenThroughALibrary() {
        // The rate limiter's library wraps the pool's timeout in an exception of its own.
        RuntimeException wrapped = new IllegalStateException(new SQLTransientConnectionException("Connection is not available"));

        assertThat(Database.translate(wrapped)).isInstanceOf(Unavailable.class);
    }

    @Test
    void aUniqueViolationKeepsNoValueEither() {
        UUID org = UUID.randomUUID();
        Throwable failure = catchThrowable(() -> database.inTransaction(TransactionScope.organization(org), handle -> {
            handle.createUpdate("INSERT INTO organizations (id, name, created_at) VALUES (:id, :name, now())")
                    .bind("id", org).bind("name", EMAIL).execute();
            return handle.createUpdate("INSERT INTO organizations (id, name, created_at) VALUES (:id, :name, now())")
                    .bind("id", org).bind("name", PHONE).execute();
        }));

        assertThat(failure).isInstanceOf(DatabaseFailure.class);
        assertThat(failure.getMessage()).contains("SQLSTATE 23505").contains("constraint=organizations_pkey")
                .doesNotContain(org.toString()).doesNotContain(PHONE).doesNotContain(EMAIL);
    }

    @Test
    void aValueThePostgresCannotStoreIsAnInvalidRequest() {
        Throwable nul = catchThrowable(() -> database.inTransaction(TransactionScope.system(),
                handle -> handle.createQuery("SELECT :text::text").bind("text", "nul\u0000" + PHONE).mapTo(String.class).one()));
        Throwable date = catchThrowable(() -> database.inTransaction(TransactionScope.system(),
                handle -> handle.createQuery("SELECT CAST(:date AS date)").bind("date", "99999999-01-01").mapTo(String.class).one()));

        assertThat(nul).isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.code()).isEqualTo("INVALID_VALUE"));
        assertThat(nul.getMessage()).doesNotContain(PHONE);
        assertThat(date).isInstanceOf(Invalid.class);
    }

    @Test
    void aStatementRunningPastTheTimeoutIsCancelledAndUnavailable() {
        Instant started = Instant.now();

        Throwable failure = catchThrowable(() -> database.inTransaction(TransactionScope.system(),
                handle -> handle.createQuery("SELECT pg_sleep(30)").mapTo(String.class).one()));

        assertThat(failure).isInstanceOfSatisfying(Unavailable.class, e -> assertThat(e.code()).isEqualTo("DATABASE_UNAVAILABLE"));
        assertThat(Duration.between(started, Instant.now())).isBetween(Database.STATEMENT_TIMEOUT.minusMillis(200),
                Database.STATEMENT_TIMEOUT.plusSeconds(5));
    }

    @Test
    void aTransactionAllowedLongerStatementsAlsoWaitsLongerForTheirAnswer() {
        Duration longer = Database.SOCKET_TIMEOUT.plusSeconds(1);

        String slept = database.inTransaction(TransactionScope.system(), handle -> {
            Database.allowLongerStatements(handle, longer.plusSeconds(5));
            return handle.createQuery("SELECT pg_sleep(:seconds)::text").bind("seconds", longer.toSeconds()).mapTo(String.class).one();
        });
        int socketAfterwards = database.inTransaction(TransactionScope.system(), handle -> {
            try {
                return handle.getConnection().getNetworkTimeout();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(slept).isEmpty();
        assertThat(socketAfterwards).isEqualTo(Database.SOCKET_TIMEOUT.toMillis());
    }

    @Test
    void aFrozenDatabaseTurnsEveryWaitingCallIntoUnavailableWithinSeconds() throws Exception {
        URI url = URI.create(infrastructure.settings().get(DatabaseSettings.URL).substring("jdbc:".length()));
        try (StallingProxy proxy = StallingProxy.to(url.getPort());
             Database throughProxy = Database.connect(new DatabaseSettings("jdbc:postgresql://127.0.0.1:" + proxy.port() + url.getPath(),
                     TestInfrastructure.APP_USER, TestInfrastructure.APP_PASSWORD, 2, false))) {
            assertThat(selectOne(throughProxy)).isEqualTo(1);
            proxy.stall();

            ExecutorService callers = Executors.newFixedThreadPool(6);
            Instant started = Instant.now();
            List<Future<Throwable>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(callers.submit(() -> catchThrowable(() -> selectOne(throughProxy))));
            }
            for (Future<Throwable> call : calls) {
                assertThat(call.get(15, TimeUnit.SECONDS)).isInstanceOf(Unavailable.class);
            }
            Duration longest = Duration.between(started, Instant.now());
            callers.shutdownNow();

            assertThat(longest).isLessThanOrEqualTo(Database.SOCKET_TIMEOUT.plusSeconds(5));
            proxy.resume();
            assertThat(selectOne(throughProxy)).isEqualTo(1);
        }
    }

    private static int selectOne(Database database) {
        return database.inTransaction(TransactionScope.system(), handle -> handle.createQuery("SELECT 1").mapTo(Integer.class).one());
    }
}
