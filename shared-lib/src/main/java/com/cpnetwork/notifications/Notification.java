package com.cpnetwork.notifications;

import java.util.Map;
import java.util.Objects;

/**
 * One message to one person. SMS in India must match a registered (DLT) template, so an SMS names its
 * {@code template} and {@code variables}; {@code body} is the rendered text, used where no provider is configured.
 */
public record Notification(Channel channel, String to, String subject, String body, String template, Map<String, String> variables) {

    public Notification {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(body, "body");
        variables = variables == null ? Map.of() : Map.copyOf(variables);
    }

    public static Notification sms(String phone, SmsTemplate template, Map<String, String> variables) {
        return new Notification(Channel.SMS, phone, null, template.render(variables), template.name(), variables);
    }

    public static Notification email(String address, String subject, String body) {
        return new Notification(Channel.EMAIL, address, subject, body, null, Map.of());
    }
}
