package com.cpnetwork.functions.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.cpnetwork.functions.e2e.RequestCollection.Exchange;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/api/walkthrough.http}, the request collection the README points at, sent top to bottom against the
 * running app as REST Client or httpyac sends it: every step of the flow still works, and each reference it makes to an
 * earlier response (an id, a token, the sign-in code read back from the local outbox) still finds something.
 */
class WalkthroughIT {

    private static final Path WALKTHROUGH = Path.of(System.getProperty("walkthrough.file", "../docs/api/walkthrough.http"));

    @Test
    void theWalkthroughRunsTopToBottomOnAStackOfItsOwn() {
        RunningApp app = RunningApp.get();
        RequestCollection walkthrough = RequestCollection.read(WALKTHROUGH,
                Map.of("host", app.baseUrl(), "operatorKey", RunningApp.OPERATOR_KEY));

        List<Exchange> exchanges = walkthrough.runAll();

        Map<String, Exchange> byName = new LinkedHashMap<>();
        exchanges.forEach(exchange -> byName.put(exchange.name(), exchange));
        assertThat(exchanges).hasSize(walkthrough.size()).hasSizeGreaterThan(25);
        assertThat(byName.get("organization").status()).isEqualTo(201);
        assertThat(byName.get("cpCodeSent").status()).isEqualTo(202);
        assertThat(byName.get("cpSms").json().path("variables").path("code").asText()).matches("\\d{6}");
        assertThat(byName.get("cpLogin").json().path("user").path("role").asText()).isEqualTo("CP");
        assertThat(byName.get("upload").status()).isEqualTo(201);
        assertThat(byName.get("customerLogin").json().path("user").path("role").asText()).isEqualTo("CUSTOMER");
        assertThat(byName.get("customerQuotation").json().has("marginPercent")).isFalse();
        assertThat(byName.get("proposal").status()).isIn(200, 202);
        assertThat(byName.get("accept").json().path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(byName.get("document").json().path("status").asText()).isIn("AWAITING_UPLOAD", "VALIDATING", "VALID");
        assertThat(documentOnceChecked(app, byName.get("uploadLink").json().path("documentId").asText(),
                byName.get("cpLogin").json().path("accessToken").asText())).as("the uploaded roof.pdf").isEqualTo("VALID");
        assertThat(byName.get("executed").json().path("status").asText()).isEqualTo("EXECUTED");
        assertThat(byName.get("commissions").json().path("items").get(0).path("amount").asText()).isEqualTo("20625.00");
        assertThat(byName.get("paid").json().path("status").asText()).isEqualTo("PAID");
        assertThat(byName.get("auditExport").status()).as("the CSV the 303 leads to").isEqualTo(200);
        assertThat(byName.get("auditExport").headers().get("content-type")).anyMatch(type -> type.startsWith("text/csv"));
    }

    /** The document's status once the storage-triggered validator has judged the upload. */
    private static String documentOnceChecked(RunningApp app, String documentId, String token) {
        Instant deadline = Instant.now().plusSeconds(20);
        String status = "";
        while (Instant.now().isBefore(deadline)) {
            status = app.api().get("/v1/documents/" + documentId, token).json().path("status").asText();
            if (!status.equals("AWAITING_UPLOAD") && !status.equals("VALIDATING")) {
                return status;
            }
            RunningApp.sleep(200);
        }
        return status;
    }
}
