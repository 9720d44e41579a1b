package com.cpnetwork.functions.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * How long 1,000 finalized quotations take to get their proposals READY through the real queue, consumer and Blob
 * storage of the packaged app (not part of {@code mvn verify}: run as docs/benchmarks.md describes). Prints and writes
 * its figures to {@code target/bench/proposal-queue.txt}.
 */
class ProposalQueueBench {

    private static final int QUOTATIONS = Integer.getInteger("quotations", 1_000);
    private static final int CLIENTS = 8;

    @Test
    void thousandFinalQuotationsReachReadyThroughTheQueue() throws Exception {
        RunningApp app = RunningApp.get();
        ApiWorld world = new ApiWorld(app);
        ApiClient api = world.api();
        ApiWorld.Org org = world.anOrganization();
        api.patch("/v1/organizations/current", Map.of("stateCode", "MH", "gstin", "27AAPFU0939F1ZV"), org.adminToken());
        ApiWorld.Account cp = world.aCpSignedIn(org, "MH");
        String leadId = api.post("/v1/leads", Map.of("customerName", "राजेश कुमार शर्मा", "customerPhone", ApiWorld.aPhone(), "stateCode", "MH",
                "services", List.of(Map.of("type", "SOLAR_ROOFTOP"))), cp.token()).json().path("id").asText();
        Map<String, Object> quotation = Map.of("leadId", leadId, "systemPrice", "165000", "marginPercent", "12.5", "status", "FINAL",
                "lineItems", List.of(Map.of("description", "Solar module 540 Wp", "quantity", 10, "unitPrice", "12000", "gstRatePercent", 5),
                        Map.of("description", "Inverter 5 kW", "quantity", 1, "unitPrice", "45000", "gstRatePercent", 18)));

        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        Instant started = Instant.now();
        List<Future<Integer>> created = new ArrayList<>();
        for (int i = 0; i < QUOTATIONS; i++) {
            created.add(clients.submit(() -> api.post("/v1/quotations", quotation, cp.token()).status()));
        }
        for (Future<Integer> status : created) {
            if (status.get() != 201) {
                throw new IllegalStateException("A quotation was refused: " + status.get());
            }
        }
        clients.shutdown();
        Duration creating = Duration.between(started, Instant.now());
        int ready = 0;
        while (ready < QUOTATIONS && Duration.between(started, Instant.now()).toMinutes() < 10) {
            Thread.sleep(200);
            ready = readyProposals(app, org.id());
        }
        Duration allReady = Duration.between(started, Instant.now());

        String figures = String.format("%d quotations: created over HTTP in %.1f s (%d clients); all proposals READY %.1f s after the first"
                        + " request (%.0f proposals/s end to end); READY at the end: %d%n", QUOTATIONS, creating.toMillis() / 1000.0, CLIENTS,
                allReady.toMillis() / 1000.0, QUOTATIONS * 1000.0 / allReady.toMillis(), ready);
        System.out.print(figures);
        Files.createDirectories(Path.of("target", "bench"));
        Files.writeString(Path.of("target", "bench", "proposal-queue.txt"), figures);
    }

    private static int readyProposals(RunningApp app, String orgId) throws Exception {
        try (Connection connection = app.ownerConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT count(*) FROM quotation_versions WHERE org_id = ?::uuid AND pdf_status = 'READY'")) {
            query.setString(1, orgId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
