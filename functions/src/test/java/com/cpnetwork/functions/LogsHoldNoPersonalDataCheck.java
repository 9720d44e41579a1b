package com.cpnetwork.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.cpnetwork.testing.PersonalDataInLogs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other test of this module (its own Failsafe execution, post-integration-test): neither the tests'
 * log nor the logs of the function hosts they started (the packaged app's own output) hold a phone number, an email
 * address or a password hash.
 */
class LogsHoldNoPersonalDataCheck {

    @Test
    void theTestRunAndItsHostsLoggedNoPersonalData() {
        Path hosts = Path.of("target", "e2e");
        Path tests = Path.of("target", "test-logs");

        assertThat(PersonalDataInLogs.logFiles(hosts)).as("the function hosts' logs").isNotEmpty();
        assertThat(PersonalDataInLogs.logFiles(tests)).as("the tests' log").isNotEmpty();
        assertThat(PersonalDataInLogs.inLogsUnder(hosts)).isEmpty();
        assertThat(PersonalDataInLogs.inLogsUnder(tests)).isEmpty();
    }
}
