package com.cpnetwork.testing;

import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Races one action: every caller waits at the same gate, the gate opens once, and the answers come back in submission order. */
public final class AllAtOnce {

    private static final long MAX_WAIT_SECONDS = 60;

    private AllAtOnce() {
    }

    /** The answer of each of {@code callers} simultaneous calls. */
    public static <T> List<T> answers(int callers, Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<T>> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                calls.add(pool.submit(() -> {
                    gate.await();
                    return call.call();
                }));
            }
            gate.countDown();
            List<T> answers = new ArrayList<>();
            for (Future<T> pending : calls) {
                answers.add(pending.get(MAX_WAIT_SECONDS, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    /** What each of {@code callers} simultaneous runs threw, {@code null} for a run that succeeded. */
    public static List<Throwable> outcomes(int callers, Runnable action) throws Exception {
        return answers(callers, () -> catchThrowable(action::run));
    }
}
