package com.cpnetwork.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersonalDataInLogsTest {

    @Test
    void phonesEmailsAndPasswordHashesAreFound() {
        assertThat(PersonalDataInLogs.in("code sent to +919812345678")).containsExactly("+919812345678");
        assertThat(PersonalDataInLogs.in("phone 9812345678.")).containsExactly("9812345678");
        assertThat(PersonalDataInLogs.in("Failing row contains (asha.k@example.com)")).containsExactly("asha.k@example.com");
        assertThat(PersonalDataInLogs.in("hash $argon2id$v=19$m=19456")).containsExactly("$argon2");
    }

    @Test
    void idsTimesAndCountsAreNotPersonalData() {
        assertThat(PersonalDataInLogs.in("requestId=3f2b9a10-9876-4321-a123-a987654321ab at 2026-12-01T12:55:44.143Z"))
                .isEmpty();
        assertThat(PersonalDataInLogs.in("traceId=0af7651916cd43dd8448eb211c80319c took 1733058944143 ns, 5123456 rows")).isEmpty();
        assertThat(PersonalDataInLogs.in("LEAD-1000 QUOTE-1001 COMM-1002")).isEmpty();
        assertThat(PersonalDataInLogs.in("\"invocationId\":\"cf3d314f-d499-44ea-a17a-918735329945\"")).isEmpty();
    }
}
