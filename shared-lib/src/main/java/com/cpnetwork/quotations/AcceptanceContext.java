package com.cpnetwork.quotations;

/** Where an acceptance came from, as the front end saw the request: the client address and its user agent. */
public record AcceptanceContext(String clientIp, String userAgent) {

    private static final int MAX_USER_AGENT = 500;

    public AcceptanceContext {
        // Kept as evidence, so bounded rather than refused: a long or odd user agent must not stop an acceptance.
        if (userAgent != null) {
            String printable = userAgent.replaceAll("\\p{Cntrl}", "");
            userAgent = printable.substring(0, Math.min(printable.length(), MAX_USER_AGENT));
        }
    }
}
