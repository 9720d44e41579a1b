package com.cpnetwork.localruntime;

import java.time.Duration;

/**
 * host.json {@code extensions.queues}, with the host's defaults for what is left out.
 *
 * @param batchSize          messages fetched at once per function
 * @param newBatchThreshold  a new batch is fetched when this few are still running
 * @param maxDequeueCount    attempts before a message moves to the poison queue
 * @param visibilityTimeout  delay before a failed message reappears
 * @param maxPollingInterval the longest wait between polls of an idle queue
 */
record QueueSettings(int batchSize, int newBatchThreshold, int maxDequeueCount, Duration visibilityTimeout,
                     Duration maxPollingInterval) {
    /** One storage request returns at most this many messages. */
    static final int MAX_BATCH_SIZE = 32;
    static final int DEFAULT_BATCH_SIZE = 16;
    static final int DEFAULT_MAX_DEQUEUE_COUNT = 5;
    /** The host's default in Development (as under Core Tools); on Azure it is one minute. */
    static final Duration DEFAULT_MAX_POLLING_INTERVAL = Duration.ofSeconds(2);

    QueueSettings {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("queues.batchSize must be between 1 and " + MAX_BATCH_SIZE + ", was " + batchSize);
        }
        if (newBatchThreshold < 0) {
            throw new IllegalArgumentException("queues.newBatchThreshold must not be negative, was " + newBatchThreshold);
        }
        if (maxDequeueCount < 1) {
            throw new IllegalArgumentException("queues.maxDequeueCount must be at least 1, was " + maxDequeueCount);
        }
        if (maxPollingInterval.toMillis() < 100) {
            throw new IllegalArgumentException("queues.maxPollingInterval must be at least 100 ms, was " + maxPollingInterval);
        }
    }

    static QueueSettings defaults() {
        return new QueueSettings(DEFAULT_BATCH_SIZE, DEFAULT_BATCH_SIZE / 2, DEFAULT_MAX_DEQUEUE_COUNT, Duration.ZERO,
                DEFAULT_MAX_POLLING_INTERVAL);
    }

    /** Messages of one function that may run at the same time. */
    int maxConcurrency() {
        return batchSize + newBatchThreshold;
    }
}
