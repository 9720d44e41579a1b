package com.cpnetwork.notifications;

/** The provider refused or could not be reached; nothing was sent, so the delivery may be retried. */
public final class DeliveryFailed extends RuntimeException {
    public DeliveryFailed(String message) {
        super(message);
    }

    public DeliveryFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
