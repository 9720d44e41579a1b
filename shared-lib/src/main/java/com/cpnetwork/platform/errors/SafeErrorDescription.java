package com.cpnetwork.platform.errors;

import com.cpnetwork.platform.config.SettingsException;
import com.cpnetwork.platform.db.DatabaseFailure;
import java.util.HashSet;
import java.util.Set;

/**
 * An unexpected error as a log may show it: the exception types and where they were thrown, never their messages,
 * which may quote what a request carried (a phone, an email, a name). Only the messages of the few types written to be
 * safe are kept: {@link DatabaseFailure} (SQLSTATE and schema names) and {@link SettingsException} (setting names).
 */
public final class SafeErrorDescription {

    private static final int FRAMES_PER_CAUSE = 12;

    private SafeErrorDescription() {
    }

    public static String of(Throwable error) {
        StringBuilder text = new StringBuilder();
        Set<Throwable> seen = new HashSet<>();
        for (Throwable cause = error; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (cause != error) {
                text.append(" | caused by ");
            }
            text.append(cause.getClass().getName());
            if (cause instanceof DatabaseFailure || cause instanceof SettingsException) {
                text.append(": ").append(cause.getMessage());
            }
            StackTraceElement[] frames = cause.getStackTrace();
            for (int i = 0; i < Math.min(frames.length, FRAMES_PER_CAUSE); i++) {
                text.append(i == 0 ? " at " : " < ").append(frames[i]);
            }
        }
        return text.toString();
    }
}
