package com.cpnetwork.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it, so expiry rules are tested without sleeping. Starts at whole
 * milliseconds, so instants survive a round trip through PostgreSQL unchanged. Thread-safe.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    public static MutableClock at(Instant start) {
        return new MutableClock(new AtomicReference<>(start.truncatedTo(ChronoUnit.MILLIS)), ZoneOffset.UTC);
    }

    /** Starts at the real current time. */
    public static MutableClock startingNow() {
        return at(Instant.now());
    }

    public MutableClock advance(Duration duration) {
        now.updateAndGet(current -> current.plus(duration));
        return this;
    }

    public MutableClock set(Instant instant) {
        now.set(instant);
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view in another zone that still moves with this clock. */
    @Override
    public Clock withZone(ZoneId otherZone) {
        return new MutableClock(now, otherZone);
    }
}
