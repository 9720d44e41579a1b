package com.cpnetwork.platform.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.db.DatabaseSettings;
import com.cpnetwork.platform.storage.Storage;
import com.cpnetwork.platform.storage.StorageSettings;
import com.cpnetwork.testing.TestInfrastructure;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthCheckIT {

    private final TestInfrastructure infrastructure = TestInfrastructure.get();

    @Test
    void reportsUpWhenDatabaseAndStorageAnswer() {
        HealthReport report = new HealthCheck(infrastructure.database()::isReachable, infrastructure.storage()::isReachable, Duration.ofSeconds(2), Duration.ZERO).check();

        assertThat(report).isEqualTo(new HealthReport(true, true));
        assertThat(report.up()).isTrue();
    }

    @Test
    void reportsTheDatabaseDownWithinTheTimeoutWhenNothingListens() throws IOException {
        int closedPort = unusedPort();
        try (Database unreachable = Database.connect(new DatabaseSettings(
                "jdbc:postgresql://127.0.0.1:" + closedPort + "/postgres", "nobody", "x", 1, false))) {
            long started = System.nanoTime();

            HealthReport report = new HealthCheck(unreachable::isReachable, infrastructure.storage()::isReachable, Duration.ofSeconds(2), Duration.ZERO).check();

            assertThat(report).isEqualTo(new HealthReport(false, true));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void reportsStorageDownWhenNothingListens() throws IOException {
        String connectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
                + "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
                + "BlobEndpoint=http://127.0.0.1:" + unusedPort() + "/devstoreaccount1;"
                + "QueueEndpoint=http://127.0.0.1:" + unusedPort() + "/devstoreaccount1;";
        Storage unreachable = Storage.connect(new StorageSettings(Optional.of(connectionString), Optional.empty(), Optional.empty(), Optional.empty()));

        HealthReport report = new HealthCheck(infrastructure.database()::isReachable, unreachable::isReachable, Duration.ofSeconds(2), Duration.ZERO).check();

        assertThat(report).isEqualTo(new HealthReport(true, false));
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
