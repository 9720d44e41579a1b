package com.cpnetwork.notifications;

/** Hands one notification to a provider; throws {@link DeliveryFailed} when it certainly was not sent. */
@FunctionalInterface
public interface MessageSender {
    void send(Notification notification);
}
