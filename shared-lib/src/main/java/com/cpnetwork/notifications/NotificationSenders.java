package com.cpnetwork.notifications;

import com.sendgrid.SendGrid;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** Picks each channel's sender from the settings: the provider when its key is set, else the local outbox. */
public final class NotificationSenders {

    private NotificationSenders() {
    }

    public static MessageSender email(NotificationSettings settings, Path localOutbox, Clock clock) {
        return settings.sendGridApiKey()
                .<MessageSender>map(key -> new SendGridEmailSender(new SendGrid(key), settings.emailFrom()))
                .orElseGet(() -> new LocalOutboxSender(localOutbox, clock));
    }

    public static MessageSender sms(NotificationSettings settings, Path localOutbox, Clock clock) {
        return settings.msg91AuthKey()
                .<MessageSender>map(key -> new Msg91SmsSender(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                        settings.msg91BaseUrl(), key, settings.msg91SenderId(), settings.msg91TemplateIds()))
                .orElseGet(() -> new LocalOutboxSender(localOutbox, clock));
    }
}
