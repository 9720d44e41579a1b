package com.cpnetwork.platform.errors;

import java.util.Map;

/** The caller is known but their role, ownership or account state forbids the action. */
public final class Forbidden extends DomainException {
    public Forbidden(String message) {
        this("FORBIDDEN", message);
    }

    public Forbidden(String code, String message) {
        super(code, message, Map.of());
    }
}
