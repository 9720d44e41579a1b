package com.cpnetwork.auth;

import com.cpnetwork.platform.errors.DomainException;

/**
 * The outcome of a sign-in step, returned from its transaction instead of thrown, so what a refusal must record
 * (the failed attempt, a lock-out, an audit entry) commits; the refusal is thrown after the commit.
 */
record Attempt<T>(T value, DomainException refusal) {

    static <T> Attempt<T> of(T value) {
        return new Attempt<>(value, null);
    }

    static <T> Attempt<T> refused(DomainException refusal) {
        return new Attempt<>(null, refusal);
    }

    T get() {
        if (refusal != null) {
            throw refusal;
        }
        return value;
    }
}
