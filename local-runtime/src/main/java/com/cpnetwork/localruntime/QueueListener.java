package com.cpnetwork.localruntime;

import com.azure.core.util.Context;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.models.QueueMessageItem;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A queue trigger, polled like the host does it: batches of {@code batchSize}, a new batch once no more than
 * {@code newBatchThreshold} are still running, ~100 ms between polls while messages come, backing off to
 * {@code maxPollingInterval} when idle. A failed message reappears after {@code visibilityTimeout}; after
 * {@code maxDequeueCount} attempts, or when it is not base64, it moves to {@code <queue>-poison}.
 */
final class QueueListener implements TriggerListener {
    private static final Logger log = LoggerFactory.getLogger(QueueListener.class);
    /** A received message stays invisible this long while its function runs, the host's default. */
    private static final Duration LEASE = Duration.ofMinutes(10);
    private static final Duration MIN_POLLING_INTERVAL = Duration.ofMillis(100);
    private static final Pattern WHITESPACE = Pattern.compile("\\s");

    private final FunctionInvoker function;
    private final QueueClient queue;
    private final QueueClient poisonQueue;
    private final QueueSettings settings;
    private final Duration shutdownTimeout;
    private final Semaphore slots;
    private final ExecutorService workers;
    private final Thread poller;
    private final CountDownLatch stopping = new CountDownLatch(1);

    /** Both queue clients must read and write message text as it is (no encoding); this class does the base64. */
    QueueListener(FunctionInvoker function, QueueClient queue, QueueClient poisonQueue, QueueSettings settings,
                  Duration shutdownTimeout) {
        this.function = function;
        this.queue = queue;
        this.poisonQueue = poisonQueue;
        this.settings = settings;
        this.shutdownTimeout = shutdownTimeout;
        this.slots = new Semaphore(settings.maxConcurrency());
        this.workers = Workers.pool("queue-" + function.name(), settings.maxConcurrency());
        this.poller = Workers.thread("queue-poller-" + function.name(), this::poll);
    }

    @Override
    public void start() {
        poller.start();
    }

    @Override
    public void close() {
        stopping.countDown();
        Workers.join(poller, shutdownTimeout);
        Workers.drain(workers, shutdownTimeout, "Functions." + function.name());
    }

    private void poll() {
        Duration delay = MIN_POLLING_INTERVAL;
        boolean queueExists = false;
        try {
            while (true) {
                try {
                    if (!queueExists) {
                        queue.createIfNotExists();
                        queueExists = true;
                    }
                    if (!awaitRoomForBatch()) {
                        return;
                    }
                    int received = receiveBatch();
                    delay = received > 0 ? MIN_POLLING_INTERVAL : longer(delay);
                } catch (RuntimeException e) {
                    log.warn("Polling queue '{}' for Functions.{} failed: {}", queue.getQueueName(), function.name(), e.toString());
                    delay = settings.maxPollingInterval();
                }
                if (stopping.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until no more than newBatchThreshold messages are running, holding batchSize slots; false when stopping. */
    private boolean awaitRoomForBatch() throws InterruptedException {
        while (!slots.tryAcquire(settings.batchSize(), MIN_POLLING_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
            if (stopping.getCount() == 0) {
                return false;
            }
        }
        return true;
    }

    private int receiveBatch() {
        List<QueueMessageItem> batch;
        try {
            batch = queue.receiveMessages(settings.batchSize(), LEASE, null, Context.NONE).stream().toList();
        } finally {
            // Only this thread takes slots, so each message below can take one of these back at once.
            slots.release(settings.batchSize());
        }
        for (QueueMessageItem message : batch) {
            slots.acquireUninterruptibly();
            workers.execute(() -> {
                try {
                    process(message);
                } catch (RuntimeException e) {
                    log.warn("Handling message {} of queue '{}' failed: {}", message.getMessageId(), queue.getQueueName(), e.toString());
                } finally {
                    slots.release();
                }
            });
        }
        return batch.size();
    }

    private void process(QueueMessageItem message) {
        String text = message.getBody().toString();
        byte[] content;
        try {
            // Whitespace is ignored, as .NET's Convert.FromBase64String does; anything else invalid is refused.
            content = Base64.getDecoder().decode(WHITESPACE.matcher(text).replaceAll(""));
        } catch (IllegalArgumentException e) {
            log.warn("Message {} on queue '{}' is not base64; moving it to '{}'", message.getMessageId(), queue.getQueueName(),
                    poisonQueue.getQueueName());
            moveToPoison(message, text);
            return;
        }
        if (message.getDequeueCount() > settings.maxDequeueCount()) {
            moveToPoison(message, text);
            return;
        }
        try {
            function.invoke(new Invocation(type -> DataConversion.convert(content, type), metadata(message, content)));
        } catch (FunctionFailedException e) {
            if (message.getDequeueCount() >= settings.maxDequeueCount()) {
                log.warn("Message {} on queue '{}' failed {} times; moving it to '{}'", message.getMessageId(),
                        queue.getQueueName(), message.getDequeueCount(), poisonQueue.getQueueName());
                moveToPoison(message, text);
            } else {
                queue.updateMessage(message.getMessageId(), message.getPopReceipt(), null, settings.visibilityTimeout());
            }
            return;
        }
        queue.deleteMessage(message.getMessageId(), message.getPopReceipt());
    }

    private void moveToPoison(QueueMessageItem message, String text) {
        poisonQueue.createIfNotExists();
        poisonQueue.sendMessage(text);
        queue.deleteMessage(message.getMessageId(), message.getPopReceipt());
    }

    private static Map<String, Object> metadata(QueueMessageItem message, byte[] content) {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("QueueTrigger", DataConversion.convert(content, String.class));
        metadata.put("DequeueCount", message.getDequeueCount());
        metadata.put("Id", message.getMessageId());
        metadata.put("PopReceipt", message.getPopReceipt());
        metadata.put("InsertionTime", String.valueOf(message.getInsertionTime()));
        metadata.put("ExpirationTime", String.valueOf(message.getExpirationTime()));
        metadata.put("NextVisibleTime", String.valueOf(message.getTimeNextVisible()));
        return metadata;
    }

    private Duration longer(Duration delay) {
        Duration doubled = delay.multipliedBy(2);
        return doubled.compareTo(settings.maxPollingInterval()) > 0 ? settings.maxPollingInterval() : doubled;
    }
}
