package com.cpnetwork.localruntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostJsonTest {
    @TempDir
    Path dir;

    private HostJson read(String json) throws IOException {
        Path file = Files.writeString(dir.resolve("host.json"), json);
        return HostJson.read(file, new ObjectMapper());
    }

    @Test
    void readsRoutePrefixAndQueueSettings() throws IOException {
        HostJson host = read("""
                {"version": "2.0", "extensions": {
                  "http": {"routePrefix": "v1"},
                  "queues": {"batchSize": 16, "newBatchThreshold": 8, "maxDequeueCount": 5,
                             "visibilityTimeout": "00:00:10", "maxPollingInterval": "00:00:02"}}}""");
        assertThat(host.routePrefix()).isEqualTo("v1");
        assertThat(host.queues()).isEqualTo(new QueueSettings(16, 8, 5, Duration.ofSeconds(10), Duration.ofSeconds(2)));
    }

    @Test
    void leftOutSettingsTakeTheHostDefaults() throws IOException {
        HostJson host = read("""
                {"version": "2.0", "extensions": {"queues": {"batchSize": 10}}}""");
        assertThat(host.routePrefix()).isEqualTo("api");
        assertThat(host.queues()).isEqualTo(new QueueSettings(10, 5, 5, Duration.ZERO, Duration.ofSeconds(2)));
    }

    @Test
    void emptyRoutePrefixIsKept() throws IOException {
        assertThat(read("""
                {"extensions": {"http": {"routePrefix": ""}}}""").routePrefix()).isEmpty();
    }

    @Test
    void timeSpansUseTheDotNetFormat() {
        assertThat(HostJson.parseTimeSpan("00:00:10")).isEqualTo(Duration.ofSeconds(10));
        assertThat(HostJson.parseTimeSpan("00:00:00.250")).isEqualTo(Duration.ofMillis(250));
        assertThat(HostJson.parseTimeSpan("1.02:03:04")).isEqualTo(Duration.ofDays(1).plusHours(2).plusMinutes(3).plusSeconds(4));
        assertThatThrownBy(() -> HostJson.parseTimeSpan("10s")).hasMessageContaining("not a time span");
    }

    @Test
    void outOfRangeQueueSettingsAreRefused() {
        assertThatThrownBy(() -> read("""
                {"extensions": {"queues": {"batchSize": 64}}}""")).isInstanceOf(FunctionAppException.class)
                .hasMessageContaining("batchSize");
    }
}
