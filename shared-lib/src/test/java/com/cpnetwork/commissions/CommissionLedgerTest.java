package com.cpnetwork.commissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cpnetwork.platform.errors.Invalid;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CommissionLedgerTest {

    /** 01:30 on 2 December in India, still 1 December in UTC. */
    private static final Instant EARLY_MORNING_IN_INDIA = Instant.parse("2026-12-01T20:00:00Z");

    @Test
    void aPaymentMadeTodayInIndiaIsAcceptedBeforeUtcReachesThatDay() {
        assertThatCode(() -> CommissionLedger.checkPayment(CommissionStatus.APPROVED,
                new Payment("HDFC0000123456", LocalDate.of(2026, 12, 2)), EARLY_MORNING_IN_INDIA)).doesNotThrowAnyException();
    }

    @Test
    void aPaymentDatedTomorrowInIndiaIsRefused() {
        assertThatThrownBy(() -> CommissionLedger.checkPayment(CommissionStatus.APPROVED,
                new Payment("HDFC0000123456", LocalDate.of(2026, 12, 3)), EARLY_MORNING_IN_INDIA))
                .isInstanceOf(Invalid.class)
                .satisfies(refusal -> assertThat(((Invalid) refusal).details()).containsOnlyKeys("paidOn"));
    }
}
