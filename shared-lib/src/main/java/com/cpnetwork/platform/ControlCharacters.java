package com.cpnetwork.platform;

/**
 * The one rule for text anywhere in a request: no control characters other than tab, line feed and carriage return,
 * and no broken UTF-16 (a lone surrogate). PostgreSQL cannot store NUL at all, and the rest has no business in names,
 * addresses or reasons; refusing them in every field (rather than stripping some) keeps stored text exactly what was
 * sent (docs/decisions/0011).
 */
public final class ControlCharacters {

    public static final String PROBLEM = "must not contain control characters (such as NUL) or broken Unicode";

    private ControlCharacters() {
    }

    /** True when {@code text} holds a character the rule refuses. */
    public static boolean foundIn(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c >= 0x7F && c <= 0x9F) {
                return true;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
