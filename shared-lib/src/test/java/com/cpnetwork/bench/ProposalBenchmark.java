package com.cpnetwork.bench;

import com.cpnetwork.quotations.Gst;
import com.cpnetwork.quotations.LineItem;
import com.cpnetwork.quotations.ProposalRenderer;
import com.cpnetwork.quotations.QuotationContent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a proposal costs against the floor of PDFBox itself, in the same run: a bare one-page document with one line of
 * a standard font (the font object made once, as PDFBox 2's {@code PDType1Font.HELVETICA} constant was: made per
 * document it also logs PDFBox's fallback warning on every call on a machine without Helvetica), the same page with
 * one line in an embedded and subset Noto Sans (the least a proposal can do, since it must embed a Unicode font), and the
 * production renderer on a typical two-line proposal (Devanagari customer name, so three fonts and glyph
 * substitution), the same with a Latin name, and a 40-line one. Run as docs/benchmarks.md describes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class ProposalBenchmark {

    private ProposalRenderer renderer;
    private PDFont helvetica;
    private TrueTypeFont notoSans;
    private QuotationContent typical;
    private QuotationContent typicalLatinName;
    private QuotationContent long40;

    @Setup
    public void setUp() throws IOException {
        renderer = new ProposalRenderer(1);
        helvetica = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        try (InputStream font = ProposalBenchmark.class.getResourceAsStream("/fonts/NotoSansLatin-Regular.ttf")) {
            notoSans = new TTFParser().parse(new RandomAccessReadBuffer(font));
        }
        typical = proposal("राजेश कुमार शर्मा", 2);
        typicalLatinName = proposal("Rajesh Kumar Sharma", 2);
        long40 = proposal("Anita Rao", 40);
    }

    @Benchmark
    public byte[] bareOnePagePdf() throws IOException {
        return onePage(document -> helvetica);
    }


    @Benchmark
    public byte[] bareOnePageEmbeddedNotoSans() throws IOException {
        return onePage(document -> PDType0Font.load(document, notoSans, true));
    }

    @Benchmark
    public byte[] typicalProposal() {
        return renderer.render(typical);
    }


    @Benchmark
    public byte[] typicalProposalLatinName() {
        return renderer.render(typicalLatinName);
    }

    @Benchmark
    public byte[] fortyLineProposal() {
        return renderer.render(long40);
    }


    private interface FontFor {
        PDFont in(PDDocument document) throws IOException;
    }

    private static byte[] onePage(FontFor font) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(font.in(document), 12);
                content.newLineAtOffset(40, 780);
                content.showText("Quotation QUOTE-1000");
                content.endText();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    private static QuotationContent proposal(String customer, int lines) {
        List<LineItem> items = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            items.add(new LineItem("Solar module 540 Wp, item " + i, BigDecimal.TEN, new BigDecimal("12000"), "85414011", i % 2 == 0 ? 5 : 18));
        }
        com.cpnetwork.quotations.QuotationTerms terms = new com.cpnetwork.quotations.QuotationTerms(new BigDecimal("165000"),
                new BigDecimal("12.5"), items, LocalDate.of(2026, 12, 31));
        List<Gst.PricedLine> priced = Gst.price(terms);
        return new QuotationContent("QUOTE-1000", 1, "LEAD-1000",
                new QuotationContent.Party("Sunrise Solar Pvt Ltd", "27AAPFU0939F1ZV", "MH", "Plot 12, MIDC, Mumbai", null),
                new QuotationContent.Party(customer, null, "MH", "Flat 4, Pune", "+919812345678"), "INTRA_STATE",
                priced.stream().map(line -> new QuotationContent.Line(line.description(), line.hsnSac(), line.quantity().toPlainString(),
                        line.unitPrice().toPlainString(), line.gstRatePercent(), line.amount().toPlainString())).toList(),
                "165000.00", "12.5", amounts(Gst.totals(priced, Gst.TaxBasis.INTRA_STATE)), LocalDate.of(2026, 12, 1),
                LocalDate.of(2026, 12, 31), Instant.parse("2026-12-01T10:00:00Z"));
    }

    private static QuotationContent.Amounts amounts(Gst.Totals totals) {
        return new QuotationContent.Amounts(totals.taxable().toPlainString(), totals.cgst().toPlainString(), totals.sgst().toPlainString(),
                totals.igst().toPlainString(), totals.grandTotal().toPlainString(), totals.byRate().stream()
                .map(rate -> new QuotationContent.Tax(rate.ratePercent(), rate.taxable().toPlainString(), rate.cgst().toPlainString(),
                        rate.sgst().toPlainString(), rate.igst().toPlainString())).toList());
    }
}
