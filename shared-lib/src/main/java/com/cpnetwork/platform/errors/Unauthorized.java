package com.cpnetwork.platform.errors;

import java.util.Map;

/** No valid credentials: missing or bad token, wrong OTP or password, expired or used one-time token. */
public final class Unauthorized extends DomainException {
    public Unauthorized(String code, String message) {
        super(code, message, Map.of());
    }
}
