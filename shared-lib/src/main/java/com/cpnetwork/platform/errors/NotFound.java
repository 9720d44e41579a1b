package com.cpnetwork.platform.errors;

import java.util.Map;

/** The record does not exist or is not visible to the caller; the two are deliberately indistinguishable. */
public final class NotFound extends DomainException {
    public NotFound(String what) {
        super("NOT_FOUND", what + " was not found", Map.of());
    }
}
