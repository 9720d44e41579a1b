package com.cpnetwork.localruntime;

/** Watches one background trigger source (a queue, a container, a schedule) and invokes its function. */
interface TriggerListener extends AutoCloseable {

    void start();

    /** Stops watching and waits, up to the host's shutdown timeout, for invocations still running. */
    @Override
    void close();
}
