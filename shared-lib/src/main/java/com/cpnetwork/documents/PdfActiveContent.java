package com.cpnetwork.documents;

import java.util.Set;

/**
 * Active content in the part of a PDF that was read: the names of actions and objects that run or carry something
 * when the document opens ({@code /JavaScript}, {@code /JS}, {@code /Launch}, {@code /EmbeddedFile(s)}). An
 * {@code /OpenAction} is refused when it runs one of those, which the same names reveal; one that only shows a page is
 * harmless. Names are compared after decoding {@code #xx} escapes, so {@code /J#61vaScript} is {@code /JavaScript}.
 *
 * <p>Content inside compressed streams (object streams) is not inflated and so not seen; the malware scan, when on,
 * is the second line.
 */
final class PdfActiveContent {

    private static final Set<String> ACTIVE = Set.of("JavaScript", "JS", "Launch", "EmbeddedFile", "EmbeddedFiles");
    /** A name token is at most 127 bytes in PDF; longer runs are not names worth reading. */
    private static final int LONGEST_NAME = 127;

    private PdfActiveContent() {
    }

    static boolean foundIn(byte[] pdf) {
        for (int i = 0; i < pdf.length; i++) {
            if (pdf[i] == '/') {
                int end = i + 1;
                while (end < pdf.length && end - i <= LONGEST_NAME && isRegular(pdf[end])) {
                    end++;
                }
                if (ACTIVE.contains(decode(pdf, i + 1, end))) {
                    return true;
                }
                i = end - 1;
            }
        }
        return false;
    }

    /** The name's characters with {@code #xx} escapes resolved. */
    private static String decode(byte[] pdf, int start, int end) {
        StringBuilder name = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            if (pdf[i] == '#' && i + 2 < end && hex(pdf[i + 1]) >= 0 && hex(pdf[i + 2]) >= 0) {
                name.append((char) (hex(pdf[i + 1]) * 16 + hex(pdf[i + 2])));
                i += 2;
            } else {
                name.append((char) (pdf[i] & 0xFF));
            }
        }
        return name.toString();
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }

    /** PDF's regular characters: anything but white space and the delimiters {@code ()<>[]{}/%}. */
    private static boolean isRegular(byte b) {
        return switch (b) {
            case 0, '\t', '\n', '\f', '\r', ' ', '(', ')', '<', '>', '[', ']', '{', '}', '/', '%' -> false;
            default -> true;
        };
    }
}
