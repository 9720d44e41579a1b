package com.cpnetwork.localruntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimerScheduleTest {
    /** A Wednesday. */
    private static final Instant NOW = Instant.parse("2026-11-18T10:07:30Z");

    @Test
    void sixFieldsStartWithSeconds() {
        assertThat(TimerSchedule.parse("*/15 * * * * *").next(NOW)).isEqualTo("2026-11-18T10:07:45Z");
        assertThat(TimerSchedule.parse("0 */5 * * * *").next(NOW)).isEqualTo("2026-11-18T10:10:00Z");
    }

    @Test
    void nextIsStrictlyAfterTheGivenTime() {
        assertThat(TimerSchedule.parse("30 7 10 * * *").next(NOW)).isEqualTo("2026-11-19T10:07:30Z");
    }

    @Test
    void fiveFieldsHaveNoSeconds() {
        assertThat(TimerSchedule.parse("0 3 * * *").next(NOW)).isEqualTo("2026-11-19T03:00:00Z");
    }

    @Test
    void dayOfWeekCountsFromSundayAsZero() {
        assertThat(TimerSchedule.parse("0 0 9 * * 0").next(NOW)).isEqualTo("2026-11-22T09:00:00Z");
        assertThat(TimerSchedule.parse("0 0 9 * * 1-5").next(NOW)).isEqualTo("2026-11-19T09:00:00Z");
        assertThat(TimerSchedule.parse("0 0 9 * * MON").next(NOW)).isEqualTo("2026-11-23T09:00:00Z");
    }

    @Test
    void monthNamesAreAccepted() {
        assertThat(TimerSchedule.parse("0 0 0 1 JAN *").next(NOW)).isEqualTo("2027-01-01T00:00:00Z");
    }

    @Test
    void anythingButNcrontabIsRefused() {
        assertThatThrownBy(() -> TimerSchedule.parse("00:05:00")).hasMessageContaining("not NCRONTAB");
        assertThatThrownBy(() -> TimerSchedule.parse("0 61 * * * *")).hasMessageContaining("not valid NCRONTAB");
    }
}
