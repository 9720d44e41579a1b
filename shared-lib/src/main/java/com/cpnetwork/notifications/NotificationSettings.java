package com.cpnetwork.notifications;

import com.cpnetwork.platform.config.SettingsReader;
import java.net.URI;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which providers send email and SMS. A provider is used when its key is set; otherwise messages go to the local
 * outbox folder. Keys never appear in {@link #toString()}.
 */
public record NotificationSettings(
        Optional<String> sendGridApiKey,
        String emailFrom,
        Optional<String> msg91AuthKey,
        String msg91SenderId,
        URI msg91BaseUrl,
        Function<String, Optional<String>> msg91TemplateIds) {

    @Override
    public String toString() {
        return "NotificationSettings[email=" + (sendGridApiKey.isPresent() ? "SendGrid" : "local outbox")
                + ", sms=" + (msg91AuthKey.isPresent() ? "MSG91" : "local outbox") + "]";
    }

    public static NotificationSettings read(SettingsReader settings) {
        Optional<String> sendGrid = settings.optional("SENDGRID_API_KEY");
        Optional<String> msg91 = settings.optional("MSG91_AUTH_KEY");
        String from = settings.optional("EMAIL_FROM", "");
        if (sendGrid.isPresent() && from.isEmpty()) {
            settings.problem("EMAIL_FROM is required when SENDGRID_API_KEY is set");
        }
        String sender = settings.optional("MSG91_SENDER_ID", "");
        if (msg91.isPresent() && sender.isEmpty()) {
            settings.problem("MSG91_SENDER_ID is required when MSG91_AUTH_KEY is set");
        }
        return new NotificationSettings(sendGrid, from, msg91, sender,
                settings.optionalUri("MSG91_BASE_URL").orElse(URI.create("https://control.msg91.com")),
                template -> settings.optional("MSG91_TEMPLATE_" + template));
    }
}
