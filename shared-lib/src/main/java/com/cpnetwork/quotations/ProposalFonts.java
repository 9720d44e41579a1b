package com.cpnetwork.quotations;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.Character.UnicodeScript;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;

/**
 * The Noto fonts proposals are set in (shipped in {@code fonts/} with their OFL licence): Noto Sans for Latin text,
 * digits and the rupee sign, and one Noto font per Indian script, so customer names in Devanagari, Bengali, Tamil...
 * render as written. Parsing a font is costly and a parsed font may serve one document at a time, so a few parsed
 * sets are kept and lent out; the font files themselves are read once per JVM.
 */
final class ProposalFonts {

    /** One parsed copy of every font, for one document at a time. */
    record FontSet(TrueTypeFont regular, TrueTypeFont bold, Map<UnicodeScript, TrueTypeFont> scripts) {

        /** The font for a character of {@code script}: the script's own, else Noto Sans. */
        TrueTypeFont forScript(UnicodeScript script, boolean wantBold) {
            TrueTypeFont own = scripts.get(script);
            return own != null ? own : wantBold ? bold : regular;
        }
    }

    private static final Map<UnicodeScript, String> SCRIPT_FILES = Map.of(
            UnicodeScript.DEVANAGARI, "NotoSansDevanagari-Regular.ttf",
            UnicodeScript.BENGALI, "NotoSansBengali-Regular.ttf",
            UnicodeScript.GUJARATI, "NotoSansGujarati-Regular.ttf",
            UnicodeScript.GURMUKHI, "NotoSansGurmukhi-Regular.ttf",
            UnicodeScript.KANNADA, "NotoSansKannada-Regular.ttf",
            UnicodeScript.MALAYALAM, "NotoSansMalayalam-Regular.ttf",
            UnicodeScript.ORIYA, "NotoSansOriya-Regular.ttf",
            UnicodeScript.TAMIL, "NotoSansTamil-Regular.ttf",
            UnicodeScript.TELUGU, "NotoSansTelugu-Regular.ttf");

    private final Map<String, byte[]> files;
    private final BlockingQueue<FontSet> idle;

    ProposalFonts(int sets) {
        this.files = new HashMap<>();
        files.put("NotoSans-Regular.ttf", read("NotoSans-Regular.ttf"));
        files.put("NotoSans-Bold.ttf", read("NotoSans-Bold.ttf"));
        SCRIPT_FILES.values().forEach(file -> files.put(file, read(file)));
        this.idle = new ArrayBlockingQueue<>(sets);
        for (int i = 0; i < sets; i++) {
            idle.add(parseSet());
        }
    }

    /** Waits for a free set of fonts; give it back with {@link #release}. */
    FontSet borrow() {
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the proposal fonts", e);
        }
    }

    void release(FontSet set) {
        idle.add(set);
    }

    private FontSet parseSet() {
        Map<UnicodeScript, TrueTypeFont> scripts = new EnumMap<>(UnicodeScript.class);
        SCRIPT_FILES.forEach((script, file) -> scripts.put(script, parse(file)));
        return new FontSet(latin("NotoSans-Regular.ttf"), latin("NotoSans-Bold.ttf"), Map.copyOf(scripts));
    }

    /**
     * Latin text needs no glyph substitution, and PDFBox's substitution compiles regular expressions on every string
     * it sets (most of a proposal's rendering time), so it is switched off for Noto Sans; the Indian scripts keep it,
     * as they need it to join their letters.
     */
    private TrueTypeFont latin(String file) {
        TrueTypeFont font = parse(file);
        font.setEnableGsub(false);
        return font;
    }

    private TrueTypeFont parse(String file) {
        try {
            return new TTFParser().parse(new RandomAccessReadBuffer(files.get(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("The font " + file + " cannot be read", e);
        }
    }

    private static byte[] read(String file) {
        try (InputStream in = ProposalFonts.class.getResourceAsStream("/fonts/" + file)) {
            if (in == null) {
                throw new IllegalStateException("The font " + file + " is missing from the application");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("The font " + file + " cannot be read", e);
        }
    }
}
