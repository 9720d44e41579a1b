package com.cpnetwork.quotations;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.Character.UnicodeScript;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.stream.Stream;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;

/**
 * The Noto fonts proposals are set in (shipped in {@code fonts/} with their OFL licence): a Latin subset of Noto Sans
 * for Latin text, digits and the rupee sign, the full Noto Sans for the rare character outside that subset, and one
 * Noto font per Indian script, so customer names in Devanagari, Bengali, Tamil... render as written. Parsing a font is
 * costly and a parsed font may serve one document at a time, so a few parsed sets are kept and lent out; the font files
 * themselves are read once per JVM.
 */
final class ProposalFonts {

    /**
     * One parsed copy of every font, for one document at a time. {@code regular} and {@code bold} are the Latin subsets
     * (see {@code LatinFontSubsetTool}): a document embeds a font per face used, and PDFBox's work per embedded font
     * grows with the glyphs in the font, so the 385-glyph subsets cost far less per proposal than Noto Sans' 3,317.
     * Not thread-safe: it serves one document at a time.
     */
    static final class FontSet {

        private final TrueTypeFont regular;
        private final TrueTypeFont bold;
        private final TrueTypeFont fullRegular;
        private final TrueTypeFont fullBold;
        private final Map<UnicodeScript, TrueTypeFont> scripts;
        /**
         * Per font, the glyph of each BMP code point once looked up, in pages of 256 (-1 until then): the renderer asks
         * for every character it measures or sets, and the font's cmap boxes every lookup.
         */
        private final Map<TrueTypeFont, int[][]> glyphs = new IdentityHashMap<>();

        FontSet(TrueTypeFont regular, TrueTypeFont bold, TrueTypeFont fullRegular, TrueTypeFont fullBold,
                Map<UnicodeScript, TrueTypeFont> scripts) {
            this.regular = regular;
            this.bold = bold;
            this.fullRegular = fullRegular;
            this.fullBold = fullBold;
            this.scripts = scripts;
        }

        /** The font for a character of {@code script}: the script's own, else the Latin subset. */
        TrueTypeFont forScript(UnicodeScript script, boolean wantBold) {
            TrueTypeFont own = scripts.get(script);
            return own != null ? own : wantBold ? bold : regular;
        }

        /** Noto Sans in full, for a character neither the script's font nor the Latin subset has. */
        TrueTypeFont full(boolean wantBold) {
            return wantBold ? fullBold : fullRegular;
        }

        /** Whether text in {@code font} goes through glyph substitution (the Indian scripts' fonts). */
        boolean shapes(TrueTypeFont font) {
            return font != regular && font != bold && font != fullRegular && font != fullBold;
        }

        /** The glyph {@code font} maps {@code codePoint} to, 0 when it has none. */
        int glyph(TrueTypeFont font, int codePoint) throws IOException {
            if (codePoint > 0xFFFF) {
                return font.getUnicodeCmapLookup().getGlyphId(codePoint);
            }
            int[][] pages = glyphs.computeIfAbsent(font, f -> new int[256][]);
            int[] page = pages[codePoint >> 8];
            if (page == null) {
                page = new int[256];
                Arrays.fill(page, -1);
                pages[codePoint >> 8] = page;
            }
            if (page[codePoint & 0xFF] < 0) {
                page[codePoint & 0xFF] = font.getUnicodeCmapLookup().getGlyphId(codePoint);
            }
            return page[codePoint & 0xFF];
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

    private static final List<String> LATIN_FILES = List.of(
            "NotoSansLatin-Regular.ttf", "NotoSansLatin-Bold.ttf", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf");

    private final Map<String, byte[]> files;
    private final BlockingQueue<FontSet> idle;

    ProposalFonts(int sets) {
        this.files = new HashMap<>();
        Stream.concat(LATIN_FILES.stream(), SCRIPT_FILES.values().stream()).forEach(file -> files.put(file, read(file)));
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
        return new FontSet(latin("NotoSansLatin-Regular.ttf"), latin("NotoSansLatin-Bold.ttf"), latin("NotoSans-Regular.ttf"),
                latin("NotoSans-Bold.ttf"), Collections.unmodifiableMap(scripts));
    }

    /**
     * Latin text needs no glyph substitution, and PDFBox's substitution compiles regular expressions on every string
     * it sets, so it is switched off for Noto Sans (the Latin subsets have no GSUB table at all); the Indian scripts
     * keep it, as they need it to join their letters.
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
