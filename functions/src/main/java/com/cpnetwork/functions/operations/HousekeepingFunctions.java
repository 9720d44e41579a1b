package com.cpnetwork.functions.operations;

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

    /** Daily at 02:30 UTC: expired sign-in data, and outbox rows finished more than 30 days ago. */
    @FunctionName("Retention")
    public void retention(@TimerTrigger(name = "timer", schedule = "0 30 2 * * *") String timerInfo, ExecutionContext context) {
        Map<String, Integer> purged = BackendHolder.get().expiredCredentials().purge();
        int outbox = BackendHolder.get().outbox().purgeFinished(Duration.ofDays(30));
        log.info("Retention purged {} and {} finished outbox row(s)", purged, outbox);
    }
}
