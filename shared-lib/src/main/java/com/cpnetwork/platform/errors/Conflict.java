package com.cpnetwork.platform.errors;

import java.util.Map;

/** A business rule refuses the change in the record's current state (limit reached, locked, terminal...). */
public final class Conflict extends DomainException {
    public Conflict(String code, String message) {
        this(code, message, Map.of());
    }

    public Conflict(String code, String message, Map<String, Object> details) {
        super(code, message, details);
    }
}
