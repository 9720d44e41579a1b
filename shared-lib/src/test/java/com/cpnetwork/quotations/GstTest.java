package com.cpnetwork.quotations;

import static org.assertj.core.api.Assertions.assertThat;

import com.cpnetwork.quotations.Gst.TaxBasis;
import com.cpnetwork.quotations.Gst.Totals;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GST as an Indian supplier charges it, worked out by hand for each case. */
class GstTest {

    private static LineItem line(String quantity, String unitPrice, Integer rate) {
        return new LineItem("Item", new BigDecimal(quantity), new BigDecimal(unitPrice), null, rate);
    }

    private static Totals totals(TaxBasis basis, LineItem... lines) {
        return Gst.totals(Gst.price(new QuotationTerms(new BigDecimal("1000"), new BigDecimal("10"), List.of(lines), null)), basis);
    }

    @Test
    void withinTheSupplierStateTheTaxIsSplitIntoCgstAndSgst() {
        // 10 panels at 12,000 (5%) and an inverter of 45,000 (18%): 1,20,000 + 45,000 taxable.
        Totals totals = totals(TaxBasis.INTRA_STATE, line("10", "12000", 5), line("1", "45000.00", 18));

        assertThat(totals.taxable()).isEqualByComparingTo("165000.00");
        assertThat(totals.cgst()).isEqualByComparingTo("7050.00"); // 3,000 (2.5% of 1,20,000) + 4,050 (9% of 45,000)
        assertThat(totals.sgst()).isEqualByComparingTo("7050.00");
        assertThat(totals.igst()).isEqualByComparingTo("0.00");
        assertThat(totals.grandTotal()).isEqualByComparingTo("179100.00");
        assertThat(totals.byRate()).extracting(Gst.RateTax::ratePercent).containsExactly(5, 18);
    }

    @Test
    void toAnotherStateTheTaxIsIgst() {
        Totals totals = totals(TaxBasis.INTER_STATE, line("10", "12000", 5), line("1", "45000.00", 18));

        assertThat(totals.cgst()).isEqualByComparingTo("0.00");
        assertThat(totals.sgst()).isEqualByComparingTo("0.00");
        assertThat(totals.igst()).isEqualByComparingTo("14100.00");
        assertThat(totals.grandTotal()).isEqualByComparingTo("179100.00");
    }

    @Test
    void amountsAndTaxRoundHalfUpToPaiseOncePerRate() {
        // 3 × 33.335 is not allowed (2 decimals), but 3 × 33.33 = 99.99; 1.5 × 0.05 = 0.075 → 0.08.
        Totals lines = totals(TaxBasis.INTER_STATE, line("3", "33.33", 18), line("1.5", "0.05", 18));
        // 18% of 100.07 = 18.0126 → 18.01 once for the rate, not 18.00 + 0.01 line by line.
        assertThat(lines.taxable()).isEqualByComparingTo("100.07");
        assertThat(lines.igst()).isEqualByComparingTo("18.01");

        // Half-up at the half paisa: 9% of 0.50 = 0.045 → 0.05 for CGST and again for SGST.
        Totals half = totals(TaxBasis.INTRA_STATE, line("1", "0.50", 18));
        assertThat(half.cgst()).isEqualByComparingTo("0.05");
        assertThat(half.sgst()).isEqualByComparingTo("0.05");
        assertThat(half.grandTotal()).isEqualByComparingTo("0.60");
    }

    @Test
    void aLineWithoutARateIsNotTaxed() {
        Totals totals = totals(TaxBasis.INTRA_STATE, line("2", "1000", null), line("1", "1000", 0));

        assertThat(totals.taxable()).isEqualByComparingTo("3000.00");
        assertThat(totals.grandTotal()).isEqualByComparingTo("3000.00");
    }

    @Test
    void withoutLineItemsTheSystemPriceIsOneUntaxedLine() {
        QuotationTerms terms = new QuotationTerms(new BigDecimal("250000"), new BigDecimal("12.5"), List.of(), null);

        List<Gst.PricedLine> lines = Gst.price(terms);
        Totals totals = Gst.totals(lines, TaxBasis.INTRA_STATE);

        assertThat(lines).singleElement().satisfies(line -> assertThat(line.amount()).isEqualByComparingTo("250000.00"));
        assertThat(totals.grandTotal()).isEqualByComparingTo("250000.00");
    }

    @Test
    void theBasisIsIntraStateOnlyForTheSameState() {
        assertThat(TaxBasis.between("MH", "MH")).isEqualTo(TaxBasis.INTRA_STATE);
        assertThat(TaxBasis.between("MH", "KA")).isEqualTo(TaxBasis.INTER_STATE);
    }
}
