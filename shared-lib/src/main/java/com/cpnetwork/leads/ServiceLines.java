package com.cpnetwork.leads;

import com.cpnetwork.platform.FieldChecks;
import java.util.List;

/** The shape every list of requested services must have; whether the codes exist is the catalog's call. */
final class ServiceLines {

    static final int MAX_LINES = 20;

    private ServiceLines() {
    }

    static void check(FieldChecks checks, List<RequestedService> services) {
        checks.check(services != null && !services.isEmpty(), "services", "must list at least one service")
                .check(services == null || services.size() <= MAX_LINES, "services", "must list at most " + MAX_LINES + " services");
        if (services == null) {
            return;
        }
        for (int i = 0; i < services.size(); i++) {
            RequestedService line = services.get(i);
            checks.check(line != null && line.type() != null && !line.type().isBlank(), "services[" + i + "].type", "is required")
                    .text("services[" + i + "].details", line == null ? null : line.details(), 2000);
        }
    }
}
