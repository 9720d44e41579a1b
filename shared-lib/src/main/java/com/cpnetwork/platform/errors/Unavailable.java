package com.cpnetwork.platform.errors;

import java.util.Map;

/** A dependency (database, storage) cannot be reached; the request may succeed if retried later. */
public final class Unavailable extends DomainException {
    public Unavailable(String dependency, Throwable cause) {
        super(dependency.toUpperCase() + "_UNAVAILABLE", "The " + dependency + " is unavailable; try again shortly", Map.of(), cause);
    }
}
