package com.cpnetwork.testapp;

import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.time.Instant;
import java.util.Map;

/** A timer whose schedule comes from the app setting TICK_SCHEDULE and whose runs take longer than a second. */
public final class TimerFunctions {

    @FunctionName("Tick")
    public void tick(@TimerTrigger(name = "timer", schedule = "%TICK_SCHEDULE%") String timerInfo) throws InterruptedException {
        Instant started = Instant.now();
        Thread.sleep(Long.parseLong(Reports.setting("TICK_MILLIS")));
        Reports.write("Tick", Map.of("started", started.toString(), "finished", Instant.now().toString(), "timerInfo", timerInfo));
    }
}
