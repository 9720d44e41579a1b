package com.cpnetwork.functions;

import com.cpnetwork.Backend;
import com.cpnetwork.platform.config.SettingsSource;
import java.time.Clock;

/**
 * Builds the {@link Backend} once per worker JVM, on first use. The worker creates a new function-class instance
 * for every invocation, so the backend must live in a static; a failed build (bad settings) is retried on the next
 * call instead of poisoning the class forever.
 */
public final class BackendHolder {

    private static volatile Backend backend;

    private BackendHolder() {
    }

    public static Backend get() {
        Backend current = backend;
        if (current == null) {
            synchronized (BackendHolder.class) {
                current = backend;
                if (current == null) {
                    current = Backend.load(SettingsSource.fromEnvironment(), Clock.systemUTC());
                    backend = current;
                }
            }
        }
        return current;
    }
}
