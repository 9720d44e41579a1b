package com.cpnetwork.platform.errors;

import java.util.Map;

/**
 * A business refusal: services throw one of the few subtypes and the HTTP layer turns it into the error envelope.
 * {@link #code()} is the stable, UPPER_SNAKE code clients branch on; the message is a sentence for people.
 */
public abstract sealed class DomainException extends RuntimeException
        permits NotFound, Forbidden, Conflict, Invalid, Unauthorized, RateLimited, Unavailable {

    private final String code;
    private final Map<String, Object> details;

    protected DomainException(String code, String message, Map<String, Object> details) {
        this(code, message, details, null);
    }

    /** Refusals are expected outcomes, so no stack trace is captured; a cause is kept when there is one. */
    protected DomainException(String code, String message, Map<String, Object> details, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
        this.details = Map.copyOf(details);
    }

    public final String code() {
        return code;
    }

    public final Map<String, Object> details() {
        return details;
    }
}
