package com.cpnetwork.quotations;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TTFSubsetter;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;

/**
 * Writes the Latin subsets of Noto Sans that proposals are set in ({@code NotoSansLatin-Regular.ttf},
 * {@code NotoSansLatin-Bold.ttf} beside the full fonts in {@code shared-lib/src/main/resources/fonts/}). A proposal
 * embeds a font per document, and PDFBox's per-document work grows with the glyphs of the font, not with the glyphs
 * used: Noto Sans has about 3,700, a proposal needs about 300. The subset keeps Basic Latin, Latin-1, Latin
 * Extended-A, general punctuation and the rupee sign; anything else falls back to the full Noto Sans. It is made with
 * PDFBox's own subsetter, so it is a Modified Version under the OFL (shipped with {@code OFL.txt}; Noto declares no
 * Reserved Font Name). Run from {@code shared-lib} after changing the ranges, then commit the fonts:
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat target/test.classpath) com.cpnetwork.quotations.LatinFontSubsetTool src/main/resources/fonts</pre>
 */
public final class LatinFontSubsetTool {

    /** The code point ranges kept, inclusive. */
    static final int[][] RANGES = {
        {0x0020, 0x007E}, // Basic Latin
        {0x00A0, 0x00FF}, // Latin-1 Supplement
        {0x0100, 0x017F}, // Latin Extended-A
        {0x2010, 0x2044}, // general punctuation: dashes, quotes, bullet, ellipsis, per mille, fraction slash
        {0x20B9, 0x20B9}, // rupee sign
        {0x2122, 0x2122}, // trade mark sign
    };

    /**
     * The tables written: outlines, metrics, hinting, names and the Unicode cmap. Glyph substitution and positioning
     * (GSUB, GPOS, GDEF) are left out because the subsetter renumbers glyphs and would copy them unchanged; proposals
     * set Latin text without them anyway.
     */
    private static final List<String> TABLES = List.of("head", "hhea", "maxp", "loca", "glyf", "hmtx", "cmap", "name", "OS/2", "post",
            "cvt ", "fpgm", "prep", "gasp");

    private LatinFontSubsetTool() {
    }

    public static void main(String[] args) throws IOException {
        Path fonts = Path.of(args.length > 0 ? args[0] : "src/main/resources/fonts");
        subset(fonts.resolve("NotoSans-Regular.ttf"), fonts.resolve("NotoSansLatin-Regular.ttf"));
        subset(fonts.resolve("NotoSans-Bold.ttf"), fonts.resolve("NotoSansLatin-Bold.ttf"));
    }

    private static void subset(Path from, Path to) throws IOException {
        try (TrueTypeFont font = new TTFParser().parse(new RandomAccessReadBufferedFile(from.toFile()));
                OutputStream out = Files.newOutputStream(to)) {
            TTFSubsetter subsetter = new TTFSubsetter(font, TABLES);
            subsetter.addAll(codePoints());
            subsetter.writeToStream(out);
        }
        System.out.println(to + ": " + Files.size(to) + " bytes");
    }

    static Set<Integer> codePoints() {
        Set<Integer> codePoints = new TreeSet<>();
        for (int[] range : RANGES) {
            for (int codePoint = range[0]; codePoint <= range[1]; codePoint++) {
                codePoints.add(codePoint);
            }
        }
        return codePoints;
    }
}
