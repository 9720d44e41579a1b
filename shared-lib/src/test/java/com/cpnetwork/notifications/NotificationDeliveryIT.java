package com.cpnetwork.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.db.TransactionScope;
import com.cpnetwork.platform.json.Json;
import com.cpnetwork.platform.outbox.Outbox;
import com.cpnetwork.testing.Fixtures;
import com.cpnetwork.testing.MutableClock;
import com.cpnetwork.testing.Rows;
import com.cpnetwork.testing.StubHttpServer;
import com.cpnetwork.testing.TestInfrastructure;
import com.fasterxml.jackson.databind.JsonNode;
import com.sendgrid.SendGrid;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The queue consumer sends each notification once through the real provider clients (against stub servers). */
class NotificationDeliveryIT {

    private static final String MSG91_KEY = "msg91-test-key";
    private static final String SENDGRID_KEY = "SG.test-key";

    private final TestInfrastructure infrastructure = TestInfrastructure.get();
    private final Database database = infrastructure.database();
    private final MutableClock clock = MutableClock.startingNow();
    private final Outbox outbox = new Outbox(database, infrastructure.storage(), clock, Runnable::run);
    private final Notifier notifier = new Notifier(outbox);

    private StubHttpServer msg91;
    private StubHttpServer sendGrid;
    private NotificationDelivery delivery;
    private UUID org;

    @BeforeEach
    void stubProviders() {
        msg91 = StubHttpServer.start().answer(200, "{\"type\":\"success\",\"message\":\"3763646c3058373530393138\"}");
        sendGrid = StubHttpServer.start().answer(202, "");
        delivery = new NotificationDelivery(outbox, msg91Sender(msg91.uri()), sendGridSender());
        org = anOrganization();
    }

    @AfterEach
    void stopProviders() {
        msg91.close();
        sendGrid.close();
    }

    @Test
    void anSmsGoesToMsg91sFlowApiWithTheTemplateAndItsVariables() throws Exception {
        String phone = Fixtures.aPhone();
        UUID id = queued(Notification.sms(phone, SmsTemplate.SIGN_IN_CODE, Map.of("code", "428913")));

        delivery.deliver(id);

        assertThat(msg91.requests()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/api/v5/flow");
            assertThat(request.header("authkey")).isEqualTo(MSG91_KEY);
            assertThat(request.header("Content-Type")).startsWith("application/json");
            JsonNode body = Json.MAPPER.readTree(request.body());
            assertThat(body.path("template_id").asText()).isEqualTo("tmpl-sign-in");
            assertThat(body.path("sender").asText()).isEqualTo("CPNWRK");
            assertThat(body.path("recipients")).hasSize(1);
            assertThat(body.path("recipients").get(0).path("mobiles").asText()).isEqualTo(phone.substring(1));
            assertThat(body.path("recipients").get(0).path("code").asText()).isEqualTo("428913");
        });
        assertThat(sendGrid.requests()).isEmpty();
        Map<String, Object> row = row(id);
        assertThat(row).containsEntry("status", "DONE").containsEntry("attempts", 1).containsEntry("last_error", null);
        assertThat((String) row.get("payload")).doesNotContain("428913").doesNotContain("\"body\"").doesNotContain("\"variables\"");
    }

    @Test
    void anEmailGoesToSendGridsMailSendApi() throws Exception {
        UUID id = queued(Notification.email("kiran@example.com", "Reset your password", "Open https://app/reset?token=abc"));

        delivery.deliver(id);

        assertThat(sendGrid.requests()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/v3/mail/send");
            assertThat(request.header("Authorization")).isEqualTo("Bearer " + SENDGRID_KEY);
            JsonNode mail = Json.MAPPER.readTree(request.body());
            assertThat(mail.path("from").path("email").asText()).isEqualTo("noreply@cpnetwork.example");
            assertThat(mail.path("subject").asText()).isEqualTo("Reset your password");
            assertThat(mail.path("personalizations").get(0).path("to").get(0).path("email").asText()).isEqualTo("kiran@example.com");
            assertThat(mail.path("content").get(0).path("type").asText()).isEqualTo("text/plain");
            assertThat(mail.path("content").get(0).path("value").asText()).isEqualTo("Open https://app/reset?token=abc");
        });
        assertThat(msg91.requests()).isEmpty();
        assertThat(row(id)).containsEntry("status", "DONE");
        assertThat((String) row(id).get("payload")).doesNotContain("token=abc").doesNotContain("\"subject\"");
    }

    @Test
    void aProviderErrorPutsTheRowBackForTheQueuesRetryWhichThenSucceeds() {
        UUID id = queued(Notification.sms(Fixtures.aPhone(), SmsTemplate.SIGN_IN_CODE, Map.of("code", "111111")));
        msg91.answer(500, "{\"type\":\"error\",\"message\":\"Internal error\"}");

        assertThatThrownBy(() -> delivery.deliver(id)).isInstanceOf(DeliveryFailed.class);

        Map<String, Object> failed = row(id);
        assertThat(failed).containsEntry("status", "QUEUED").containsEntry("attempts", 1);
        assertThat((String) failed.get("last_error")).contains("500");
        assertThat((String) failed.get("payload")).contains("111111");

        msg91.answer(200, "{\"type\":\"success\",\"message\":\"ok\"}");
        delivery.deliver(id);

        assertThat(row(id)).containsEntry("status", "DONE").containsEntry("attempts", 2).containsEntry("last_error", null);
        assertThat(msg91.requests()).hasSize(2);
    }

    @Test
    void msg91sErrorAnswerWithStatus200IsAFailureToo() {
        UUID id = queued(Notification.sms(Fixtures.aPhone(), SmsTemplate.SIGN_IN_CODE, Map.of("code", "222222")));
        msg91.answer(200, "{\"type\":\"error\",\"message\":\"Template not approved\"}");

        assertThatThrownBy(() -> delivery.deliver(id)).isInstanceOf(DeliveryFailed.class);

        assertThat(row(id)).containsEntry("status", "QUEUED");
        assertThat((String) row(id).get("last_error")).contains("Template not approved");
    }

    @Test
    void aSendGridErrorPutsTheRowBackToo() {
        UUID id = queued(Notification.email("kiran@example.com", "Subject", "Body"));
        sendGrid.answer(500, "{\"errors\":[{\"message\":\"oops\"}]}");

        assertThatThrownBy(() -> delivery.deliver(id)).isInstanceOf(DeliveryFailed.class);
        assertThat(row(id)).containsEntry("status", "QUEUED");
        assertThat((String) row(id).get("last_error")).contains("SendGrid");

        sendGrid.answer(202, "");
        delivery.deliver(id);
        assertThat(row(id)).containsEntry("status", "DONE");
        assertThat(sendGrid.requests()).hasSize(2);
    }

    @Test
    void anUnreachableProviderIsADeliveryFailure() throws IOException {
        NotificationDelivery unreachable = new NotificationDelivery(outbox, msg91Sender(URI.create("http://127.0.0.1:" + closedPort())),
                sendGridSender());
        UUID id = queued(Notification.sms(Fixtures.aPhone(), SmsTemplate.SIGN_IN_CODE, Map.of("code", "333333")));

        assertThatThrownBy(() -> unreachable.deliver(id)).isInstanceOf(DeliveryFailed.class);

        assertThat(row(id)).containsEntry("status", "QUEUED");
    }

    @Test
    void anSmsWithoutAConfiguredTemplateIdIsNotSent() {
        UUID id = queued(Notification.sms(Fixtures.aPhone(), SmsTemplate.QUOTATION_SHARED, Map.of("quotationId", "QUOTE-1000",
                "organization", "Suryodaya")));

        assertThatThrownBy(() -> delivery.deliver(id)).isInstanceOf(DeliveryFailed.class).hasMessageContaining("QUOTATION_SHARED");

        assertThat(msg91.requests()).isEmpty();
        assertThat(row(id)).containsEntry("status", "QUEUED");
    }

    @Test
    void aSecondDeliveryOfASentRowSendsNothing() {
        UUID id = queued(Notification.sms(Fixtures.aPhone(), SmsTemplate.SIGN_IN_CODE, Map.of("code", "444444")));
        delivery.deliver(id);

        delivery.deliver(id);

        assertThat(msg91.requests()).hasSize(1);
        assertThat(row(id)).containsEntry("status", "DONE").containsEntry("attempts", 1);
    }

    @Test
    void givingUpMarksTheRowFailedAndNothingIsSentAfterwards() {
        UUID id = queued(Notification.email("kiran@example.com", "Subject", "Body"));
        sendGrid.answer(503, "");
        assertThatThrownBy(() -> delivery.deliver(id)).isInstanceOf(DeliveryFailed.class);

        delivery.giveUp(id);

        assertThat(row(id)).containsEntry("status", "FAILED");
        assertThat((String) row(id).get("last_error")).isNotBlank();
        sendGrid.answer(202, "");
        delivery.deliver(id);
        assertThat(sendGrid.requests()).hasSize(1);
        assertThat(row(id)).containsEntry("status", "FAILED");
    }

    @Test
    void givingUpOnASentRowLeavesItDone() {
        UUID id = queued(Notification.email("kiran@example.com", "Subject", "Body"));
        delivery.deliver(id);

        delivery.giveUp(id);

        assertThat(row(id)).containsEntry("status", "DONE");
    }

    private Msg91SmsSender msg91Sender(URI baseUri) {
        return new Msg91SmsSender(HttpClient.newHttpClient(), baseUri, MSG91_KEY, "CPNWRK",
                template -> template.equals("SIGN_IN_CODE") ? Optional.of("tmpl-sign-in") : Optional.empty());
    }

    private SendGridEmailSender sendGridSender() {
        SendGrid client = new SendGrid(SENDGRID_KEY, true);
        client.setHost("127.0.0.1:" + sendGrid.port());
        return new SendGridEmailSender(client, "noreply@cpnetwork.example");
    }

    private UUID queued(Notification notification) {
        return database.inTransaction(TransactionScope.organization(org), handle -> notifier.send(handle, org, notification));
    }

    private UUID anOrganization() {
        UUID id = UUID.randomUUID();
        database.inTransaction(TransactionScope.organization(id), handle -> handle.createUpdate(
                "INSERT INTO organizations (id, name, created_at) VALUES (:id, 'Notifications test', :now)")
                .bind("id", id).bind("now", clock.instant()).execute());
        return id;
    }

    private static Map<String, Object> row(UUID id) {
        return Rows.list("SELECT status, attempts, last_error, payload::text AS payload FROM outbox WHERE id = ?", id).get(0);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
