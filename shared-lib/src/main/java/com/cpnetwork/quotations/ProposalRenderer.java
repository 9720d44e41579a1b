package com.cpnetwork.quotations;

import com.cpnetwork.quotations.ProposalFonts.FontSet;
import com.cpnetwork.quotations.QuotationContent.Line;
import com.cpnetwork.quotations.QuotationContent.Party;
import com.cpnetwork.quotations.QuotationContent.Tax;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.Character.UnicodeScript;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.documentinterchange.markedcontent.PDPropertyList;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Sets a quotation version as a proposal an Indian supplier would send: the supplier and its logo place, the customer,
 * the lines, the GST breakdown, the totals in figures and in words (lakh, crore), the terms, and on every page its
 * number and the content's SHA-256, which the document's metadata carries too. It never shows the margin. Text in any
 * Indian script is set in its Noto font, with the text itself kept beside the shaped glyphs (ActualText), so it can
 * be searched and copied. The same content always gives the same bytes. Thread-safe.
 */
public final class ProposalRenderer {

    private static final PDRectangle PAGE = PDRectangle.A4;
    private static final float MARGIN = 40;
    private static final float WIDTH = PAGE.getWidth() - 2 * MARGIN;
    private static final float FOOTER_ZONE = 50;
    private static final Color GREY = new Color(110, 110, 110);
    private static final Color RULE = new Color(200, 200, 200);
    private static final String[] TERMS = {
        "Prices are in Indian Rupees (\u20B9); GST is charged as shown above.",
        "This quotation may be accepted until %s. After that date it needs to be issued again.",
        "Installation dates are confirmed on acceptance, after a site survey where one is needed.",
        "Payment terms are as agreed at order. Subsidies, where applicable, are claimed by the customer.",
        "The fingerprint printed at the foot of each page identifies the exact content of this version."};
    /** Columns of the items table: #, description, HSN/SAC, quantity, unit price, GST %, amount. */
    private static final float[] COLUMNS = {22, 205, 55, 45, 78, 40, 70};

    private final int parallelism;
    private volatile ProposalFonts fonts;

    /** @param parallelism how many proposals may be rendered at once (each needs its own parsed fonts) */
    public ProposalRenderer(int parallelism) {
        this.parallelism = parallelism;
    }

    /** The proposal PDF of {@code content}. */
    public byte[] render(QuotationContent content) {
        ProposalFonts lender = fonts();
        FontSet set = lender.borrow();
        String sha256 = content.sha256();
        try (PDDocument document = new PDDocument()) {
            new Layout(document, set, content, sha256).draw();
            describe(document, content, sha256);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Rendering the proposal of " + content.quotationId() + " failed", e);
        } finally {
            lender.release(set);
        }
    }

    /** The fonts are loaded on the first proposal, not at start-up: most function instances never render one. */
    private ProposalFonts fonts() {
        ProposalFonts loaded = fonts;
        if (loaded == null) {
            synchronized (this) {
                loaded = fonts;
                if (loaded == null) {
                    loaded = new ProposalFonts(parallelism);
                    fonts = loaded;
                }
            }
        }
        return loaded;
    }

    /** Title, subject and keywords carry the quotation and its content hash; dates and id are fixed by the content. */
    private static void describe(PDDocument document, QuotationContent content, String sha256) {
        PDDocumentInformation info = document.getDocumentInformation();
        info.setTitle("Proposal " + content.quotationId() + " version " + content.version());
        info.setAuthor(content.supplier().name());
        info.setSubject("Quotation " + content.quotationId() + " v" + content.version() + ", content SHA-256 " + sha256);
        info.setKeywords("contentSha256=" + sha256);
        info.setCustomMetadataValue("ContentSHA256", sha256);
        info.setCustomMetadataValue("QuotationId", content.quotationId());
        info.setCustomMetadataValue("QuotationVersion", Integer.toString(content.version()));
        info.setCreator("cpnetwork");
        info.setProducer("cpnetwork");
        Calendar frozen = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
        frozen.setTimeInMillis(content.frozenAt().toEpochMilli());
        info.setCreationDate(frozen);
        info.setModificationDate(frozen);
        COSString id = new COSString(sha256.substring(0, 32).getBytes(StandardCharsets.US_ASCII));
        COSArray ids = new COSArray();
        ids.add(id);
        ids.add(id);
        document.getDocument().getTrailer().setItem(COSName.ID, ids);
    }

    /** One document being set: pages, the cursor, and the fonts loaded into this document on first use. */
    private static final class Layout {

        private final PDDocument document;
        private final FontSet fonts;
        private final QuotationContent content;
        private final String sha256;
        private final Map<TrueTypeFont, PDType0Font> loaded = new HashMap<>();
        private final List<PDPage> pages = new ArrayList<>();
        private PDPageContentStream stream;
        private float y;

        Layout(PDDocument document, FontSet fonts, QuotationContent content, String sha256) {
            this.document = document;
            this.fonts = fonts;
            this.content = content;
            this.sha256 = sha256;
        }

        void draw() throws IOException {
            newPage();
            header();
            parties();
            items();
            totals();
            terms();
            stream.close();
            footers();
        }

        private void header() throws IOException {
            Party supplier = content.supplier();
            text(MARGIN, y, 16, true, supplier.name(), Color.BLACK);
            stream.setStrokingColor(RULE);
            stream.addRect(MARGIN + WIDTH - 90, y - 34, 90, 46);
            stream.stroke();
            text(MARGIN + WIDTH - 62, y - 15, 9, true, "LOGO", GREY);
            y -= 16;
            for (String line : wrap(supplier.address(), 9, false, WIDTH - 110)) {
                text(MARGIN, y, 9, false, line, GREY);
                y -= 11;
            }
            String registration = (supplier.gstin() == null ? "" : "GSTIN " + supplier.gstin() + "   ") + "State " + supplier.stateCode();
            text(MARGIN, y, 9, false, registration, GREY);
            y = Math.min(y - 24, PAGE.getHeight() - MARGIN - 70);
            text(MARGIN, y, 13, true, "Quotation " + content.quotationId() + "  \u00B7  Version " + content.version(), Color.BLACK);
            rightText(MARGIN + WIDTH, y, 9, false, "Date " + content.issuedOn() + "   Valid until " + content.validUntil(), Color.BLACK);
            y -= 8;
            rule();
            y -= 16;
        }

        private void parties() throws IOException {
            Party customer = content.customer();
            text(MARGIN, y, 9, true, "Quotation for", GREY);
            text(MARGIN + WIDTH / 2, y, 9, true, "Place of supply", GREY);
            y -= 13;
            text(MARGIN, y, 11, true, customer.name(), Color.BLACK);
            String supply = customer.stateCode() + ("INTRA_STATE".equals(content.taxBasis()) ? " (CGST + SGST)" : " (IGST)");
            text(MARGIN + WIDTH / 2, y, 10, false, supply, Color.BLACK);
            y -= 13;
            if (customer.phone() != null) {
                text(MARGIN, y, 9, false, customer.phone(), Color.BLACK);
                y -= 11;
            }
            for (String line : wrap(customer.address(), 9, false, WIDTH / 2 - 10)) {
                text(MARGIN, y, 9, false, line, Color.BLACK);
                y -= 11;
            }
            y -= 14;
        }

        private void items() throws IOException {
            tableHeader();
            int number = 1;
            for (Line line : content.lines()) {
                List<String> description = wrap(line.description(), 9, false, COLUMNS[1] - 6);
                float height = description.size() * 11 + 6;
                if (y - height < MARGIN + FOOTER_ZONE) {
                    continuePage();
                    tableHeader();
                }
                float x = MARGIN;
                text(x + 2, y, 9, false, Integer.toString(number++), Color.BLACK);
                x += COLUMNS[0];
                float lineY = y;
                for (String part : description) {
                    text(x + 2, lineY, 9, false, part, Color.BLACK);
                    lineY -= 11;
                }
                x += COLUMNS[1];
                text(x + 2, y, 9, false, line.hsnSac() == null ? "" : line.hsnSac(), Color.BLACK);
                x += COLUMNS[2];
                rightText(x + COLUMNS[3] - 2, y, 9, false, line.quantity(), Color.BLACK);
                x += COLUMNS[3];
                rightText(x + COLUMNS[4] - 2, y, 9, false, IndianRupees.figures(new BigDecimal(line.unitPrice())), Color.BLACK);
                x += COLUMNS[4];
                rightText(x + COLUMNS[5] - 2, y, 9, false, line.gstRatePercent() + "%", Color.BLACK);
                x += COLUMNS[5];
                rightText(x + COLUMNS[6] - 2, y, 9, false, IndianRupees.figures(new BigDecimal(line.amount())), Color.BLACK);
                y -= height;
            }
            rule();
            y -= 16;
        }

        private void tableHeader() throws IOException {
            String[] titles = {"#", "Description", "HSN/SAC", "Qty", "Unit price \u20B9", "GST", "Amount \u20B9"};
            float x = MARGIN;
            for (int i = 0; i < titles.length; i++) {
                if (i >= 3) {
                    rightText(x + COLUMNS[i] - 2, y, 8, true, titles[i], GREY);
                } else {
                    text(x + 2, y, 8, true, titles[i], GREY);
                }
                x += COLUMNS[i];
            }
            y -= 6;
            rule();
            y -= 13;
        }

        private void totals() throws IOException {
            QuotationContent.Amounts totals = content.totals();
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"Taxable value", totals.taxable()});
            for (Tax tax : totals.byRate()) {
                if (tax.ratePercent() == 0) {
                    continue;
                }
                if ("INTRA_STATE".equals(content.taxBasis())) {
                    String half = new BigDecimal(tax.ratePercent()).divide(BigDecimal.valueOf(2)).stripTrailingZeros().toPlainString();
                    rows.add(new String[] {"CGST @ " + half + "% on " + IndianRupees.figures(new BigDecimal(tax.taxable())), tax.cgst()});
                    rows.add(new String[] {"SGST @ " + half + "% on " + IndianRupees.figures(new BigDecimal(tax.taxable())), tax.sgst()});
                } else {
                    rows.add(new String[] {"IGST @ " + tax.ratePercent() + "% on " + IndianRupees.figures(new BigDecimal(tax.taxable())),
                            tax.igst()});
                }
            }
            if (y - (rows.size() + 3) * 14 < MARGIN + FOOTER_ZONE) {
                continuePage();
            }
            for (String[] row : rows) {
                rightText(MARGIN + WIDTH - 95, y, 9, false, row[0], Color.BLACK);
                rightText(MARGIN + WIDTH - 2, y, 9, false, "\u20B9 " + IndianRupees.figures(new BigDecimal(row[1])), Color.BLACK);
                y -= 14;
            }
            rightText(MARGIN + WIDTH - 95, y, 11, true, "Grand total", Color.BLACK);
            rightText(MARGIN + WIDTH - 2, y, 11, true, "\u20B9 " + IndianRupees.figures(new BigDecimal(totals.grandTotal())), Color.BLACK);
            y -= 18;
            for (String line : wrap(IndianRupees.words(new BigDecimal(totals.grandTotal())), 9, false, WIDTH)) {
                text(MARGIN, y, 9, false, line, Color.BLACK);
                y -= 11;
            }
            y -= 14;
        }

        private void terms() throws IOException {
            if (y - 90 < MARGIN + FOOTER_ZONE) {
                continuePage();
            }
            text(MARGIN, y, 10, true, "Terms", Color.BLACK);
            y -= 14;
            for (int i = 0; i < TERMS.length; i++) {
                String term = (i + 1) + ". " + String.format(TERMS[i], content.validUntil());
                for (String line : wrap(term, 8.5f, false, WIDTH)) {
                    if (y < MARGIN + FOOTER_ZONE) {
                        continuePage();
                    }
                    text(MARGIN, y, 8.5f, false, line, GREY);
                    y -= 11;
                }
            }
        }

        /** Page numbers and the content fingerprint on every page, once the number of pages is known. */
        private void footers() throws IOException {
            for (int i = 0; i < pages.size(); i++) {
                stream = new PDPageContentStream(document, pages.get(i), PDPageContentStream.AppendMode.APPEND, true);
                float footerY = MARGIN - 10;
                stream.setStrokingColor(RULE);
                stream.moveTo(MARGIN, footerY + 12);
                stream.lineTo(MARGIN + WIDTH, footerY + 12);
                stream.stroke();
                text(MARGIN, footerY, 7, false, content.quotationId() + " v" + content.version() + "  \u00B7  Content SHA-256 " + sha256,
                        GREY);
                rightText(MARGIN + WIDTH, footerY, 7, false, "Page " + (i + 1) + " of " + pages.size(), GREY);
                stream.close();
            }
        }

        private void newPage() throws IOException {
            PDPage page = new PDPage(PAGE);
            document.addPage(page);
            pages.add(page);
            stream = new PDPageContentStream(document, page);
            y = PAGE.getHeight() - MARGIN - 12;
        }

        private void continuePage() throws IOException {
            stream.close();
            newPage();
            text(MARGIN, y, 9, true, "Quotation " + content.quotationId() + " \u00B7 Version " + content.version() + " (continued)", GREY);
            y -= 20;
        }

        private void rule() throws IOException {
            stream.setStrokingColor(RULE);
            stream.moveTo(MARGIN, y);
            stream.lineTo(MARGIN + WIDTH, y);
            stream.stroke();
        }

        private void rightText(float right, float baseline, float size, boolean bold, String text, Color color) throws IOException {
            text(right - width(text, size, bold), baseline, size, bold, text, color);
        }

        /**
         * Sets {@code text} in runs of one script each, each in its font. Runs in a script that needs shaping carry
         * their text as ActualText, so extraction and copying give back what was written rather than glyph names.
         */
        private void text(float x, float baseline, float size, boolean bold, String text, Color color) throws IOException {
            if (text == null || text.isEmpty()) {
                return;
            }
            stream.setNonStrokingColor(color);
            stream.beginText();
            stream.newLineAtOffset(x, baseline);
            for (Run run : runs(text, bold)) {
                stream.setFont(embedded(run.font()), size);
                if (fonts.shapes(run.font())) {
                    COSDictionary properties = new COSDictionary();
                    properties.setString(COSName.ACTUAL_TEXT, run.text());
                    stream.beginMarkedContent(COSName.getPDFName("Span"), PDPropertyList.create(properties));
                    stream.showText(run.text());
                    stream.endMarkedContent();
                } else {
                    stream.showText(run.text());
                }
            }
            stream.endText();
        }

        /**
         * The advance of {@code text} unshaped, as {@code PDFont.getStringWidth} gives it, read from the font's metrics
         * directly: asking the embedded PDF font encodes and decodes every character through its CMap, and the word
         * wrap asks for the width of every line it tries.
         */
        private float width(String text, float size, boolean bold) throws IOException {
            float width = 0;
            for (Run run : runs(text, bold)) {
                TrueTypeFont font = run.font();
                float scale = size / font.getUnitsPerEm();
                for (int i = 0; i < run.text().length(); ) {
                    int codePoint = run.text().codePointAt(i);
                    i += Character.charCount(codePoint);
                    width += font.getAdvanceWidth(fonts.glyph(font, codePoint)) * scale;
                }
            }
            return width;
        }

        /** Greedy word wrap to {@code maxWidth}; a word longer than a line is cut where it must be. */
        private List<String> wrap(String text, float size, boolean bold, float maxWidth) throws IOException {
            List<String> lines = new ArrayList<>();
            if (text == null || text.isBlank()) {
                return lines;
            }
            for (String paragraph : text.split("\\R")) {
                StringBuilder line = new StringBuilder();
                for (String word : paragraph.trim().split("\\s+")) {
                    String candidate = line.isEmpty() ? word : line + " " + word;
                    if (width(candidate, size, bold) <= maxWidth) {
                        line.setLength(0);
                        line.append(candidate);
                        continue;
                    }
                    if (!line.isEmpty()) {
                        lines.add(line.toString());
                        line.setLength(0);
                    }
                    while (width(word, size, bold) > maxWidth && word.length() > 1) {
                        int cut = word.length() - 1;
                        while (cut > 1 && width(word.substring(0, cut), size, bold) > maxWidth) {
                            cut--;
                        }
                        lines.add(word.substring(0, cut));
                        word = word.substring(cut);
                    }
                    line.append(word);
                }
                if (!line.isEmpty()) {
                    lines.add(line.toString());
                }
            }
            return lines;
        }

        /** A stretch of text set in one font. */
        private record Run(TrueTypeFont font, String text) {
        }

        /**
         * Splits {@code text} where the font changes; spaces, digits and punctuation stay with the run they are in. A
         * character is set in its script's font, else in the Latin subset, else in the full Noto Sans; one no font has
         * is set as '?'.
         */
        private List<Run> runs(String text, boolean bold) throws IOException {
            List<Run> runs = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            TrueTypeFont currentFont = null;
            for (int i = 0; i < text.length(); ) {
                int codePoint = text.codePointAt(i);
                i += Character.charCount(codePoint);
                UnicodeScript script = UnicodeScript.of(codePoint);
                TrueTypeFont font = script == UnicodeScript.COMMON || script == UnicodeScript.INHERITED
                        ? (currentFont != null ? currentFont : fonts.forScript(UnicodeScript.LATIN, bold))
                        : fonts.forScript(script, bold);
                if (fonts.glyph(font, codePoint) == 0) {
                    font = fonts.forScript(UnicodeScript.LATIN, bold);
                    if (fonts.glyph(font, codePoint) == 0) {
                        font = fonts.full(bold);
                        if (fonts.glyph(font, codePoint) == 0) {
                            font = fonts.forScript(UnicodeScript.LATIN, bold);
                            codePoint = '?';
                        }
                    }
                }
                if (font != currentFont && !current.isEmpty()) {
                    runs.add(new Run(currentFont, current.toString()));
                    current.setLength(0);
                }
                currentFont = font;
                current.appendCodePoint(codePoint);
            }
            if (!current.isEmpty()) {
                runs.add(new Run(currentFont, current.toString()));
            }
            return runs;
        }

        /** The font as embedded in this document, embedded (to be subset on save) on first use. */
        private PDType0Font embedded(TrueTypeFont font) throws IOException {
            PDType0Font pdf = loaded.get(font);
            if (pdf == null) {
                pdf = PDType0Font.load(document, font, true);
                loaded.put(font, pdf);
            }
            return pdf;
        }
    }
}
