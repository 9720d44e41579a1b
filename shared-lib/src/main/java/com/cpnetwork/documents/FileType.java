package com.cpnetwork.documents;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of file documents may be, each known by its media type and recognised by its first bytes. */
public enum FileType {
    PDF("application/pdf", new byte[] {'%', 'P', 'D', 'F', '-'}),
    JPEG("image/jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}),
    PNG("image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});

    private final String mediaType;
    private final byte[] signature;

    FileType(String mediaType, byte[] signature) {
        this.mediaType = mediaType;
        this.signature = signature;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The type a declared content type names, case-insensitively and ignoring parameters ({@code ; charset=...}). */
    public static Optional<FileType> ofMediaType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String bare = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(type -> type.mediaType.equals(bare)).findFirst();
    }

    /** The type whose signature the content starts with: what the file is, whatever its name or declared type say. */
    public static Optional<FileType> sniff(byte[] head) {
        return Arrays.stream(values()).filter(type -> type.startsOf(head)).findFirst();
    }

    private boolean startsOf(byte[] head) {
        return head.length >= signature.length && Arrays.equals(head, 0, signature.length, signature, 0, signature.length);
    }
}
