package com.cpnetwork.organizations;

import com.cpnetwork.platform.errors.NotFound;
import com.cpnetwork.platform.errors.Unauthorized;
import com.cpnetwork.platform.security.Secrets;
import java.util.Optional;

/**
 * The platform operator's shared key ({@code X-Operator-Key}). With no key configured the operator endpoints do
 * not exist (404), so a deployment that forgot the setting is closed, not open.
 */
public final class OperatorKey {

    private final Optional<String> configured;

    public OperatorKey(Optional<String> configured) {
        this.configured = configured;
    }

    /** The operator, once the presented key matched; 404 when no key is configured, 401 when it does not match. */
    public Operator authenticate(Optional<String> presented) {
        if (configured.isEmpty()) {
            throw new NotFound("This endpoint");
        }
        if (presented.isEmpty() || !Secrets.sameSecret(configured.get(), presented.get())) {
            throw new Unauthorized("INVALID_OPERATOR_KEY", "The operator key is missing or wrong");
        }
        return new Operator();
    }

    /** Proof that the platform operator's key was checked; only {@link #authenticate} makes one. */
    public static final class Operator {
        private Operator() {
        }
    }
}
