package com.cpnetwork.notifications;

import com.cpnetwork.platform.outbox.Outbox;
import com.cpnetwork.platform.storage.StorageLayout;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** Sends a notification as part of a change: it goes out only if the change commits. */
public final class Notifier {

    private final Outbox outbox;

    public Notifier(Outbox outbox) {
        this.outbox = outbox;
    }

    public UUID send(Handle handle, UUID orgId, Notification notification) {
        return outbox.add(handle, orgId, StorageLayout.NOTIFICATIONS, notification);
    }
}
