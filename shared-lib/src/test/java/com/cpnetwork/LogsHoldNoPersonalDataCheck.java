package com.cpnetwork;

import static org.assertj.core.api.Assertions.assertThat;

import com.cpnetwork.testing.PersonalDataInLogs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other test of this module (its own Failsafe execution, post-integration-test): the log the whole
 * run wrote holds no phone number, email address or password hash.
 */
class LogsHoldNoPersonalDataCheck {

    @Test
    void theTestRunLoggedNoPersonalData() {
        Path logs = Path.of("target", "test-logs");

        assertThat(PersonalDataInLogs.logFiles(logs)).as("the test run's log files").isNotEmpty()
                .allSatisfy(file -> assertThat(file).isNotEmptyFile());
        assertThat(PersonalDataInLogs.inLogsUnder(logs)).isEmpty();
    }
}
