package com.cpnetwork.notifications;

import com.cpnetwork.platform.json.Json;
import com.cpnetwork.platform.outbox.Outbox;
import com.cpnetwork.platform.outbox.OutboxMessage;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue consumer's use case: send the notification of one outbox row, at most once. A duplicate delivery finds
 * the row no longer claimable and does nothing. A provider failure releases the row and rethrows, so the queue
 * retries; after the queue's last retry the poison handler marks it FAILED.
 */
public final class NotificationDelivery {

    private static final Logger log = LoggerFactory.getLogger(NotificationDelivery.class);
    /** Message texts (they may hold sign-in codes) are not kept once sent. */
    private static final List<String> SCRUB_AFTER_SENDING = List.of("body", "variables", "subject");

    private final Outbox outbox;
    private final MessageSender sms;
    private final MessageSender email;

    public NotificationDelivery(Outbox outbox, MessageSender sms, MessageSender email) {
        this.outbox = outbox;
        this.sms = sms;
        this.email = email;
    }

    public void deliver(UUID outboxId) {
        Optional<OutboxMessage> claimed = outbox.claim(outboxId);
        if (claimed.isEmpty()) {
            log.info("Notification {} already handled; duplicate delivery ignored", outboxId);
            return;
        }
        Notification notification = read(claimed.get());
        try {
            (notification.channel() == Channel.SMS ? sms : email).send(notification);
        } catch (DeliveryFailed e) {
            outbox.release(outboxId, e.getMessage());
            throw e;
        }
        outbox.complete(outboxId, SCRUB_AFTER_SENDING);
        log.info("Notification {} sent by {} (attempt {})", outboxId, notification.channel(), claimed.get().attempts());
    }

    /** The queue gave up on this row. */
    public void giveUp(UUID outboxId) {
        outbox.fail(outboxId, "Delivery failed after the queue's retries");
        log.warn("Notification {} marked FAILED after the queue's retries", outboxId);
    }

    private static Notification read(OutboxMessage message) {
        try {
            return Json.MAPPER.treeToValue(message.payload(), Notification.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Outbox row " + message.id() + " does not hold a notification", e);
        }
    }
}
