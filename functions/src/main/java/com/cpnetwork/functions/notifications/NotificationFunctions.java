package com.cpnetwork.functions.notifications;

import com.cpnetwork.functions.BackendHolder;
import com.cpnetwork.platform.outbox.Outbox;
import com.cpnetwork.platform.storage.StorageLayout;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;

/** Sends queued email and SMS; when the queue gives up on a message, marks it failed. */
public final class NotificationFunctions {

    @FunctionName("SendNotification")
    public void send(
            @QueueTrigger(name = "message", queueName = StorageLayout.NOTIFICATIONS, connection = "DataStorage") String message,
            ExecutionContext context) {
        BackendHolder.get().notificationDelivery().deliver(Outbox.outboxIdOf(message));
    }

    @FunctionName("NotificationFailed")
    public void failed(
            @QueueTrigger(name = "message", queueName = StorageLayout.NOTIFICATIONS + "-poison", connection = "DataStorage") String message,
            ExecutionContext context) {
        BackendHolder.get().notificationDelivery().giveUp(Outbox.outboxIdOf(message));
    }
}
