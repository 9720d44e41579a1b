package com.cpnetwork.localruntime;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Daemon threads named after their function, so a stuck invocation shows in a thread dump and never blocks exit. */
final class Workers {
    private static final Logger log = LoggerFactory.getLogger(Workers.class);

    private Workers() {
    }

    static Thread thread(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Up to {@code size} threads, which end when idle. */
    static ExecutorService pool(String name, int size) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                body -> thread(name + "-" + count.incrementAndGet(), body));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Lets running work finish for up to {@code timeout}, then gives up on it. */
    static void drain(ExecutorService pool, Duration timeout, String what) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{}: invocations still running after {} s; leaving them", what, timeout.toSeconds());
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for a thread to end, up to {@code timeout}. */
    static void join(Thread thread, Duration timeout) {
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
