package com.cpnetwork.documents;

import java.time.Instant;
import java.util.Optional;

/**
 * The rule an upload must pass, judged on what storage reports and on the file's first bytes only: its real size, its
 * type by content (never by name or declared type), and for a PDF no active content in the part read. Pure and
 * thread-safe.
 */
public final class UploadValidator {

    /** The largest file accepted: 10 MiB. */
    public static final long MAX_SIZE_BYTES = 10L * 1024 * 1024;
    /** The most of an upload ever read: enough for the signature and a PDF's header objects. */
    public static final int HEAD_BYTES = 64 * 1024;

    private UploadValidator() {
    }

    /** What storage reports about an uploaded blob, before any of its content is read. */
    public record Arrival(String etag, long sizeBytes, boolean blockBlob, Instant lastModified) {
    }

    /** The outcome: the file's type when it passed, else why it was refused. */
    public record Verdict(Optional<FileType> type, Optional<InvalidReason> refusal) {
        static Verdict passed(FileType type) {
            return new Verdict(Optional.of(type), Optional.empty());
        }

        static Verdict refused(InvalidReason reason) {
            return new Verdict(Optional.empty(), Optional.of(reason));
        }

        public boolean isValid() {
            return type.isPresent();
        }
    }

    /**
     * Whether the arrival can be judged without reading it: refused for its size or kind, or {@code empty} when its
     * first bytes must be read (at most {@link #HEAD_BYTES}).
     */
    public static Optional<InvalidReason> refusedUnread(Arrival arrival, long declaredSize) {
        if (arrival.sizeBytes() == 0) {
            return Optional.of(InvalidReason.EMPTY_FILE);
        }
        if (arrival.sizeBytes() > MAX_SIZE_BYTES) {
            return Optional.of(InvalidReason.TOO_LARGE);
        }
        if (arrival.sizeBytes() != declaredSize) {
            return Optional.of(InvalidReason.SIZE_MISMATCH);
        }
        if (!arrival.blockBlob()) {
            return Optional.of(InvalidReason.NOT_A_FILE);
        }
        return Optional.empty();
    }

    /** Judges a file declared as {@code declared} by its first bytes ({@code head}, at most {@link #HEAD_BYTES}). */
    public static Verdict judgeContent(FileType declared, byte[] head) {
        Optional<FileType> found = FileType.sniff(head);
        if (found.isEmpty()) {
            return Verdict.refused(InvalidReason.UNSUPPORTED_CONTENT);
        }
        if (found.get() != declared) {
            return Verdict.refused(InvalidReason.TYPE_MISMATCH);
        }
        if (declared == FileType.PDF && PdfActiveContent.foundIn(head)) {
            return Verdict.refused(InvalidReason.ACTIVE_CONTENT);
        }
        return Verdict.passed(declared);
    }
}
