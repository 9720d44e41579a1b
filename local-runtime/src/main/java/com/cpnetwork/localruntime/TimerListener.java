package com.cpnetwork.localruntime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A timer trigger. Runs happen one after another on one thread, so a timer never overlaps itself: an occurrence that
 * falls due while a run is still going waits for it and then runs at once, flagged past due. A failed run is not retried.
 */
final class TimerListener implements TriggerListener {
    /** What the host reports as the last run before the first one. */
    private static final Instant NEVER = Instant.parse("0001-01-01T00:00:00Z");

    private final FunctionInvoker function;
    private final TimerSchedule schedule;
    private final boolean runOnStartup;
    private final Clock clock;
    private final Duration shutdownTimeout;
    private final Thread thread;
    private final CountDownLatch stopping = new CountDownLatch(1);

    TimerListener(FunctionInvoker function, TimerSchedule schedule, boolean runOnStartup, Clock clock, Duration shutdownTimeout) {
        this.function = function;
        this.schedule = schedule;
        this.runOnStartup = runOnStartup;
        this.clock = clock;
        this.shutdownTimeout = shutdownTimeout;
        this.thread = Workers.thread("timer-" + function.name(), this::runUntilStopped);
    }

    @Override
    public void start() {
        thread.start();
    }

    @Override
    public void close() {
        stopping.countDown();
        Workers.join(thread, shutdownTimeout);
    }

    private void runUntilStopped() {
        Instant last = NEVER;
        Instant due = runOnStartup ? clock.instant() : schedule.next(clock.instant());
        boolean pastDue = false;
        try {
            while (waitUntil(due)) {
                Instant next = schedule.next(due);
                fire(last, next, pastDue);
                last = due;
                Instant finished = clock.instant();
                pastDue = next.isBefore(finished);
                due = pastDue ? finished : next;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sleeps until {@code time}; false when the listener is stopping instead. */
    private boolean waitUntil(Instant time) throws InterruptedException {
        long millis;
        while ((millis = Duration.between(clock.instant(), time).toMillis()) > 0) {
            if (stopping.await(millis, TimeUnit.MILLISECONDS)) {
                return false;
            }
        }
        return stopping.getCount() > 0;
    }

    private void fire(Instant last, Instant next, boolean pastDue) {
        String timerInfo = "{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":{\"Last\":\"" + format(last)
                + "\",\"Next\":\"" + format(next) + "\",\"LastUpdated\":\"" + format(clock.instant()) + "\"},\"IsPastDue\":"
                + pastDue + "}";
        try {
            function.invoke(new Invocation(type -> DataConversion.convert(timerInfo, type), Map.of()));
        } catch (FunctionFailedException e) {
            // Logged by the invoker; like the host, the timer simply waits for its next occurrence.
        }
    }

    private static String format(Instant time) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time.atOffset(ZoneOffset.UTC));
    }
}
