package com.cpnetwork.platform.ratelimit;

/** Endpoints that share one budget per client address. */
public enum RateLimitGroup {
    /** Login (codes, passwords, TOTP, account choice), refresh and logout. */
    SIGN_IN,
    /** Password reset request and completion. */
    PASSWORD_RESET,
    /** Short-lived upload links for documents. */
    UPLOAD_LINKS
}
