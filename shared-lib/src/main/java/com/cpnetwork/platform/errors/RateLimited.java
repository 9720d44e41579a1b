package com.cpnetwork.platform.errors;

import java.time.Duration;
import java.util.Map;

/** Too many requests; the caller may try again after {@link #retryAfter()}. */
public final class RateLimited extends DomainException {

    private final Duration retryAfter;

    public RateLimited(Duration retryAfter) {
        super("RATE_LIMITED", "Too many requests; try again later", Map.of());
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
