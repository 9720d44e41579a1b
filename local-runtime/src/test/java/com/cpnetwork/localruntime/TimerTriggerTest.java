package com.cpnetwork.localruntime;

import static org.assertj.core.api.Assertions.assertThat;

import com.cpnetwork.localruntime.azurite.Azurite;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimerTriggerTest {
    private static Azurite azurite;

    @BeforeAll
    static void startAzurite() {
        azurite = Azurite.start();
    }

    @AfterAll
    static void stopAzurite() {
        azurite.close();
    }

    private static Map<String, String> settings(Reports reports, String schedule, long runMillis) {
        Map<String, String> settings = TestApp.settings(azurite, reports);
        settings.put("TICK_SCHEDULE", schedule);
        settings.put("TICK_MILLIS", Long.toString(runMillis));
        return settings;
    }

    @Test
    void timerFiresOnScheduleWithTimerInfo(@TempDir Path reportDir) throws Exception {
        Reports reports = new Reports(reportDir);
        // Every 3 s: a run only becomes past due when the one before it takes longer than that, which a loaded machine's
        // first invocation (class loading) can do within 1 s but not within 3.
        try (FunctionsHost host = FunctionsHost.start(TestApp.dir(), 0, settings(reports, "*/3 * * * * *", 0), TestApp.options())) {
            assertThat(host.triggers()).containsEntry("Tick", "timerTrigger: */3 * * * * *");
            List<JsonNode> runs = reports.await("Tick", run -> true, 2, Duration.ofSeconds(12));
            JsonNode info = TestApp.JSON.readTree(runs.get(1).path("timerInfo").asText());
            assertThat(info.path("Schedule").path("AdjustForDST").asBoolean()).isTrue();
            assertThat(info.path("IsPastDue").asBoolean()).isFalse();
            Instant last = Instant.parse(info.path("ScheduleStatus").path("Last").asText());
            Instant next = Instant.parse(info.path("ScheduleStatus").path("Next").asText());
            assertThat(Duration.between(last, next)).isEqualTo(Duration.ofSeconds(6));
            assertThat(Instant.parse(info.path("ScheduleStatus").path("LastUpdated").asText())).isBetween(last, next);
        }
    }

    @Test
    void runStillGoingMakesTheNextOccurrenceWaitInsteadOfOverlapping(@TempDir Path reportDir) {
        Reports reports = new Reports(reportDir);
        try (FunctionsHost host = FunctionsHost.start(TestApp.dir(), 0, settings(reports, "* * * * * *", 1500), TestApp.options())) {
            assertThat(host.port()).isPositive();
            reports.await("Tick", run -> true, 2, Duration.ofSeconds(6));
        }
        List<JsonNode> runs = reports.of("Tick", run -> true);
        for (int i = 1; i < runs.size(); i++) {
            Instant previousFinished = Instant.parse(runs.get(i - 1).path("finished").asText());
            Instant started = Instant.parse(runs.get(i).path("started").asText());
            assertThat(started).isAfterOrEqualTo(previousFinished);
        }
        assertThat(runs.get(1).path("timerInfo").asText()).contains("\"IsPastDue\":true");
    }

    @Test
    void runOnStartupFiresOnceRightAway(@TempDir Path appCopy, @TempDir Path reportDir) {
        Path app = TestApp.copyWith(appCopy.resolve("app"), List.of("Tick"), tick -> tick.withArray("bindings").forEach(
                binding -> ((ObjectNode) binding).put("runOnStartup", true)));
        Reports reports = new Reports(reportDir);
        try (FunctionsHost host = FunctionsHost.start(app, 0, settings(reports, TestApp.NEVER, 0), TestApp.options())) {
            JsonNode info = reports.await("Tick", run -> true, 1, Duration.ofSeconds(3)).get(0);
            assertThat(info.path("timerInfo").asText()).contains("\"Last\":\"0001-01-01T00:00:00Z\"");
            assertThat(host.triggers()).containsEntry("Tick", "timerTrigger: " + TestApp.NEVER + " (runOnStartup)");
        }
    }
}
