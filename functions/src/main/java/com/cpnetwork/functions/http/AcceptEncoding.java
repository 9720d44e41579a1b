package com.cpnetwork.functions.http;

import java.util.Locale;

/** Reads a request's {@code Accept-Encoding} header (RFC 9110, section 12.5.3). */
public final class AcceptEncoding {

    private AcceptEncoding() {
    }

    /**
     * Whether a response may be gzip-compressed: {@code gzip} (or {@code x-gzip}) is listed with a quality above 0,
     * or it is not listed and {@code *} is. An empty header means no preference, which we read as "send it as it is".
     */
    public static boolean allowsGzip(String header) {
        Double gzip = null;
        Double any = null;
        for (String entry : header.split(",")) {
            String[] parts = entry.split(";");
            String coding = parts[0].trim().toLowerCase(Locale.ROOT);
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                gzip = quality(parts);
            } else if (coding.equals("*")) {
                any = quality(parts);
            }
        }
        return gzip != null ? gzip > 0 : any != null && any > 0;
    }

    /** The {@code q} parameter, 1 when absent; a malformed one counts as 0, so a garbled header gets plain bytes. */
    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.regionMatches(true, 0, "q=", 0, 2)) {
                try {
                    return Double.parseDouble(parameter.substring(2).trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
