package com.cpnetwork.quotations;

import static org.assertj.core.api.Assertions.assertThat;

import com.cpnetwork.quotations.QuotationContent.Party;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** The proposal a customer receives: read back with PDFBox as any PDF reader would. */
class ProposalRendererTest {

    private static final ProposalRenderer RENDERER = new ProposalRenderer(1);

    static QuotationContent aProposal(String customerName, int lines, Gst.TaxBasis basis) {
        List<LineItem> items = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            items.add(new LineItem(i == 0 ? "Mono PERC solar module 540 Wp, Tier-1, 25-year performance warranty" : "Balance of system item " + i,
                    new BigDecimal(i == 0 ? "10" : "1"), new BigDecimal(i == 0 ? "12000" : "1500.50"), "85414011", i == 0 ? 5 : 18));
        }
        QuotationTerms terms = new QuotationTerms(new BigDecimal("165000"), new BigDecimal("12.5"), items, LocalDate.of(2026, 12, 31));
        List<Gst.PricedLine> priced = Gst.price(terms);
        Party supplier = new Party("Sunrise Solar Private Limited", "27AAPFU0939F1ZV", "MH", "Plot 12, MIDC, Andheri East, Mumbai 400093", null);
        Party customer = new Party(customerName, null, basis == Gst.TaxBasis.INTRA_STATE ? "MH" : "KA", "Flat 4, Shanti Niwas, Pune", "+919812345678");
        return QuotationContent.of("QUOTE-1042", 2, "LEAD-1007", supplier, customer, terms, priced, Gst.totals(priced, basis),
                terms.validUntil(), Instant.parse("2026-12-01T10:15:30Z"), LocalDate.of(2026, 12, 1));
    }

    @Test
    void theProposalSaysWhoWhatAndHowMuchInFiguresAndWordsWithTheContentHash() throws Exception {
        QuotationContent content = aProposal("राजेश कुमार शर्मा", 2, Gst.TaxBasis.INTRA_STATE);

        String text = textOf(RENDERER.render(content));

        assertThat(text).contains("Sunrise Solar Private Limited").contains("27AAPFU0939F1ZV")
                .contains("राजेश कुमार शर्मा")
                .contains("QUOTE-1042").contains("Version 2").contains("Valid until 2026-12-31")
                .contains("Mono PERC solar module").contains("85414011")
                .contains("CGST @ 2.5%").contains("SGST @ 9%")
                .contains("Grand total ₹ 1,27,770.60")
                .contains("Rupees One Lakh Twenty-Seven Thousand Seven Hundred Seventy and Sixty Paise Only")
                .contains(content.sha256())
                .contains("Page 1 of 1");
        assertThat(text).doesNotContain("12.5").doesNotContain("margin").doesNotContain("Margin");
    }

    @Test
    void anotherStateIsChargedIgst() throws Exception {
        String text = textOf(RENDERER.render(aProposal("Anita Rao", 2, Gst.TaxBasis.INTER_STATE)));

        assertThat(text).contains("IGST @ 5%").contains("IGST @ 18%").doesNotContain("CGST");
    }

    @Test
    void namesInOtherIndianScriptsAreKept() throws Exception {
        for (String name : List.of("সৌরভ গঙ্গোপাধ্যায়", "ராஜேஷ் குமார்", "ಅನಿತಾ ರಾವ್", "అనిత", "ગીતા પટેલ", "ਗੁਰਪ੍ਰੀਤ", "അനിത")) {
            assertThat(textOf(RENDERER.render(aProposal(name, 1, Gst.TaxBasis.INTRA_STATE)))).contains(name);
        }
    }

    @Test
    void lettersOutsideTheLatinSubsetAreSetInTheFullNotoSans() throws Exception {
        assertThat(textOf(RENDERER.render(aProposal("Ελένη Ivanova Ṛṣi", 1, Gst.TaxBasis.INTRA_STATE)))).contains("Ελένη Ivanova Ṛṣi");
    }

    @Test
    void manyItemsRunOverSeveralNumberedPages() throws Exception {
        byte[] pdf = RENDERER.render(aProposal("Anita Rao", 200, Gst.TaxBasis.INTRA_STATE));

        try (PDDocument document = Loader.loadPDF(pdf)) {
            int pages = document.getNumberOfPages();
            assertThat(pages).isGreaterThan(3);
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("Page 1 of " + pages).contains("Page " + pages + " of " + pages).contains("Balance of system item 199");
        }
    }

    @Test
    void theMetadataCarriesTheContentHash() throws Exception {
        QuotationContent content = aProposal("Anita Rao", 1, Gst.TaxBasis.INTRA_STATE);

        try (PDDocument document = Loader.loadPDF(RENDERER.render(content))) {
            assertThat(document.getDocumentInformation().getCustomMetadataValue("ContentSHA256")).isEqualTo(content.sha256());
            assertThat(document.getDocumentInformation().getKeywords()).contains(content.sha256());
            assertThat(document.getDocumentInformation().getTitle()).isEqualTo("Proposal QUOTE-1042 version 2");
        }
    }

    @Test
    void theSameContentRendersToTheSameBytes() {
        QuotationContent content = aProposal("राजेश कुमार शर्मा", 3, Gst.TaxBasis.INTRA_STATE);

        assertThat(RENDERER.render(content)).isEqualTo(RENDERER.render(content));
    }

    @Test
    void characterNoFontHasAreReplacedRatherThanFailing() throws Exception {
        assertThat(textOf(RENDERER.render(aProposal("王小明 Anita", 1, Gst.TaxBasis.INTRA_STATE)))).contains("??? Anita");
    }

    private static String textOf(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }
}
