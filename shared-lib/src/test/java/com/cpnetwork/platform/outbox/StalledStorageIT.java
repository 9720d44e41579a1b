package com.cpnetwork.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.cpnetwork.platform.storage.StorageSettings;
import com.cpnetwork.testing.MutableClock;
import com.cpnetwork.testing.Rows;
import com.cpnetwork.testing.StallingProxy;
import com.cpnetwork.testing.TestBackend;
import com.cpnetwork.testing.TestInfrastructure;
import com.cpnetwork.users.User;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A change whose background work goes through the outbox answers at once even when the queue does not: the row is
 * committed, the hand-off to the queue happens off the caller's thread, bounded, and the relay finishes it later.
 */
class StalledStorageIT {

    private static final Pattern QUEUE_PORT = Pattern.compile("QueueEndpoint=http://127\\.0\\.0\\.1:(\\d+)/");

    @Test
    void aSignInCodeIsAnsweredAtOnceWhileTheQueueIsFrozenAndSentOnceItThaws() throws Exception {
        String storage = TestInfrastructure.get().settings().get(StorageSettings.NAME);
        Matcher queuePort = QUEUE_PORT.matcher(storage);
        assertThat(queuePort.find()).isTrue();
        try (StallingProxy proxy = StallingProxy.to(Integer.parseInt(queuePort.group(1)));
             TestBackend world = TestBackend.start(MutableClock.startingNow(), Map.of(StorageSettings.NAME,
                     queuePort.replaceFirst("QueueEndpoint=http://127.0.0.1:" + proxy.port() + "/")))) {
            world.fixtures().anOrganization();
            User cp = world.fixtures().aCpIn("MH");
            proxy.stall();

            Instant started = Instant.now();
            world.backend().authentication().phoneSignIn().requestCode(cp.phone());
            Duration answeredIn = Duration.between(started, Instant.now());

            assertThat(answeredIn).isLessThan(Outbox.SEND_TIMEOUT);
            UUID row = Rows.one("SELECT id FROM outbox WHERE org_id = ? AND queue = 'notifications'", cp.orgId());
            Thread.sleep(Outbox.SEND_TIMEOUT.plusSeconds(1).toMillis());
            assertThat(Rows.<String>one("SELECT status FROM outbox WHERE id = ?", row)).isEqualTo("PENDING");

            proxy.resume();
            world.clock().advance(Duration.ofMinutes(1));
            assertThat(world.backend().outbox().resendPending(Duration.ofSeconds(30), 500)).isPositive();
            assertThat(Rows.<String>one("SELECT status FROM outbox WHERE id = ?", row)).isEqualTo("QUEUED");
        }
    }
}
