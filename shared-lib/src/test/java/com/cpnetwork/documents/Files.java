package com.cpnetwork.documents;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Small files as they would be uploaded: real signatures, and the bad files an attacker or a buggy app sends. */
final class Files {

    private Files() {
    }

    /** A minimal one-page PDF, with {@code extra} objects before the trailer. */
    static byte[] pdf(String extra) {
        return ("""
                %PDF-1.7
                1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
                2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
                3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj
                """ + extra + """
                trailer << /Root 1 0 R >>
                %%EOF
                """).getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] pdf() {
        return pdf("");
    }

    /** A PDF that runs JavaScript when opened. */
    static byte[] pdfWithJavaScript() {
        return pdf("4 0 obj << /Type /Action /S /JavaScript /JS (app.alert('hi')) >> endobj\n");
    }

    static byte[] png() {
        return concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'}, filler(200));
    }

    static byte[] jpeg() {
        return concat(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0}, filler(200));
    }

    /** The start of a Windows executable. */
    static byte[] executable() {
        return concat(new byte[] {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0}, "This program cannot be run in DOS mode.".getBytes(StandardCharsets.US_ASCII),
                filler(300));
    }

    /** {@code size} bytes starting like a PDF. */
    static byte[] pdfOfSize(int size) {
        byte[] start = pdf();
        byte[] bytes = Arrays.copyOf(start, size);
        Arrays.fill(bytes, start.length, size, (byte) ' ');
        return bytes;
    }

    private static byte[] filler(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 7);
        return bytes;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
