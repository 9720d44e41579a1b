package com.cpnetwork.functions.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcceptEncodingTest {

    @ParameterizedTest(name = "Accept-Encoding: {0} -> gzip {1}")
    @CsvSource(delimiter = '|', value = {
            "''                    | false",
            "gzip                  | true",
            "GZIP                  | true",
            "gzip, deflate, br     | true",
            "br;q=1.0, gzip;q=0.8  | true",
            "x-gzip                | true",
            "*                     | true",
            "gzip;q=0              | false",
            "gzip; q=0.000         | false",
            "*;q=0                 | false",
            "*, gzip;q=0           | false",
            "identity              | false",
            "br, deflate           | false",
            "gzip;q=nonsense       | false"})
    void gzipIsAllowedOnlyWhenTheHeaderAcceptsIt(String header, boolean allowed) {
        assertThat(AcceptEncoding.allowsGzip(header)).isEqualTo(allowed);
    }
}
