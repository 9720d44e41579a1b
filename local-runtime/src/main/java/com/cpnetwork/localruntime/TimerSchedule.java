package com.cpnetwork.localruntime;

import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * An NCRONTAB schedule, {@code {second} {minute} {hour} {day} {month} {day-of-week}} (or the five fields without
 * seconds), in UTC. Day of week runs 0-6 from Sunday; month and day names are accepted.
 */
final class TimerSchedule {
    private static final CronParser WITH_SECONDS = new CronParser(definition(true));
    private static final CronParser WITHOUT_SECONDS = new CronParser(definition(false));

    private final String expression;
    private final ExecutionTime executionTime;

    private TimerSchedule(String expression, ExecutionTime executionTime) {
        this.expression = expression;
        this.executionTime = executionTime;
    }

    /** Throws {@link IllegalArgumentException} for anything but a five- or six-field NCRONTAB expression. */
    static TimerSchedule parse(String expression) {
        String trimmed = expression.trim();
        int fields = trimmed.split("\\s+").length;
        if (fields != 5 && fields != 6) {
            throw new IllegalArgumentException("schedule '" + expression + "' is not NCRONTAB: expected 6 fields "
                    + "{second} {minute} {hour} {day} {month} {day-of-week}, or 5 without seconds");
        }
        try {
            return new TimerSchedule(trimmed, ExecutionTime.forCron((fields == 6 ? WITH_SECONDS : WITHOUT_SECONDS).parse(trimmed)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("schedule '" + expression + "' is not valid NCRONTAB: " + e.getMessage(), e);
        }
    }

    /** The first occurrence strictly after {@code time}. */
    Instant next(Instant time) {
        return executionTime.nextExecution(ZonedDateTime.ofInstant(time, ZoneOffset.UTC))
                .map(ZonedDateTime::toInstant)
                .orElseThrow(() -> new IllegalStateException("schedule '" + expression + "' has no occurrence after " + time));
    }

    @Override
    public String toString() {
        return expression;
    }

    private static CronDefinition definition(boolean withSeconds) {
        var builder = CronDefinitionBuilder.defineCron();
        if (withSeconds) {
            builder = builder.withSeconds().withValidRange(0, 59).and();
        }
        return builder
                .withMinutes().withValidRange(0, 59).and()
                .withHours().withValidRange(0, 23).and()
                .withDayOfMonth().withValidRange(1, 31).and()
                .withMonth().withValidRange(1, 12).and()
                .withDayOfWeek().withValidRange(0, 6).withMondayDoWValue(1).and()
                .instance();
    }
}
