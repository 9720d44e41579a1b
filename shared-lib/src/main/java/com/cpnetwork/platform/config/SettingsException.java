package com.cpnetwork.platform.config;

/** A required setting is missing or malformed; the message names every offending setting. */
public final class SettingsException extends RuntimeException {
    public SettingsException(String message) {
        super(message);
    }
}
