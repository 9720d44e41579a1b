package com.cpnetwork.functions.operations;

import com.cpnetwork.documents.DocumentRetention;
import com.cpnetwork.functions.BackendHolder;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Timers: re-send outbox work whose after-commit send did not happen, and purge expired data. */
public final class HousekeepingFunctions {

    private static final Logger log = LoggerFactory.getLogger(HousekeepingFunctions.class);

    /** Every minute: outbox rows still PENDING 30 seconds after they were written. */
    @FunctionName("OutboxRelay")
    public void relay(@TimerTrigger(name = "timer", schedule = "0 * * * * *") String timerInfo, ExecutionContext context) {
        int resent = BackendHolder.get().outbox().resendPending(Duration.ofSeconds(30), 500);
        if (resent > 0) {
            log.info("Outbox relay re-sent {} message(s)", resent);
        }
    }

    /**
     * Daily at 02:30 UTC: expired sign-in data, outbox rows finished more than 30 days ago, and documents (seven years
     * after upload, unused expired links, blobs of deleted documents; validations still pending a day after upload are
     * given up). Documents get 20 minutes of the host's 30; what is left waits for the next run.
     */
    @FunctionName("Retention")
    public void retention(@TimerTrigger(name = "timer", schedule = "0 30 2 * * *") String timerInfo, ExecutionContext context) {
        Map<String, Integer> purged = BackendHolder.get().expiredCredentials().purge();
        int outbox = BackendHolder.get().outbox().purgeFinished(Duration.ofDays(30));
        DocumentRetention.Outcome documents = BackendHolder.get().documents().retention().purge(Duration.ofMinutes(20));
        log.info("Retention purged {}, {} finished outbox row(s) and {}", purged, outbox, documents);
    }
}
