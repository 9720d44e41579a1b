package com.cpnetwork.quotations;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * GST on a quotation, as an Indian supplier charges it. Within the supplier's own state the tax is split equally into
 * CGST and SGST; to another state it is IGST. Each line's amount is quantity × unit price; the tax is computed per
 * rate on the sum of the lines at that rate (so rounding happens once per rate, not once per line), half-up to paise.
 */
public final class Gst {

    /** The GST slabs a line may carry. */
    public static final Set<Integer> RATES = Set.of(0, 5, 12, 18, 28);
    static final String RATES_TEXT = "0, 5, 12, 18, 28";

    /** Whether the supply stays in the supplier's state (CGST + SGST) or crosses to another (IGST). */
    public enum TaxBasis {
        INTRA_STATE, INTER_STATE;

        public static TaxBasis between(String supplierState, String customerState) {
            return supplierState.equals(customerState) ? INTRA_STATE : INTER_STATE;
        }
    }

    /** A line with its amount: quantity × unit price, half-up to paise. */
    public record PricedLine(String description, BigDecimal quantity, BigDecimal unitPrice, String hsnSac, int gstRatePercent,
                             BigDecimal amount) {
    }

    /** The tax at one rate: the taxable value at that rate and what it adds. */
    public record RateTax(int ratePercent, BigDecimal taxable, BigDecimal cgst, BigDecimal sgst, BigDecimal igst) {
    }

    /** What the customer pays, before and after tax, with the tax of each rate. */
    public record Totals(TaxBasis taxBasis, BigDecimal taxable, BigDecimal cgst, BigDecimal sgst, BigDecimal igst,
                         BigDecimal grandTotal, List<RateTax> byRate) {
    }

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Gst() {
    }

    /**
     * The lines of {@code terms} priced; without line items the system price is one untaxed line (the proposal then
     * states the price without a GST breakdown).
     */
    public static List<PricedLine> price(QuotationTerms terms) {
        if (terms.lineItems().isEmpty()) {
            return List.of(new PricedLine("Complete system as quoted", BigDecimal.ONE, terms.systemPrice(), null, 0, terms.systemPrice()));
        }
        List<PricedLine> lines = new ArrayList<>();
        for (LineItem item : terms.lineItems()) {
            int rate = item.gstRatePercent() == null ? 0 : item.gstRatePercent();
            lines.add(new PricedLine(item.description().trim(), item.quantity(), item.unitPrice(), item.hsnSac(), rate,
                    paise(item.quantity().multiply(item.unitPrice()))));
        }
        return lines;
    }

    public static Totals totals(List<PricedLine> lines, TaxBasis basis) {
        Map<Integer, BigDecimal> taxableByRate = lines.stream().collect(Collectors.groupingBy(PricedLine::gstRatePercent, TreeMap::new,
                Collectors.reducing(BigDecimal.ZERO, PricedLine::amount, BigDecimal::add)));
        List<RateTax> byRate = new ArrayList<>();
        BigDecimal taxable = BigDecimal.ZERO;
        BigDecimal cgst = BigDecimal.ZERO;
        BigDecimal sgst = BigDecimal.ZERO;
        BigDecimal igst = BigDecimal.ZERO;
        for (Map.Entry<Integer, BigDecimal> rate : taxableByRate.entrySet()) {
            BigDecimal atRate = paise(rate.getValue());
            BigDecimal whole = atRate.multiply(BigDecimal.valueOf(rate.getKey())).divide(HUNDRED);
            BigDecimal half = paise(whole.divide(BigDecimal.valueOf(2)));
            RateTax tax = basis == TaxBasis.INTRA_STATE
                    ? new RateTax(rate.getKey(), atRate, half, half, paise(BigDecimal.ZERO))
                    : new RateTax(rate.getKey(), atRate, paise(BigDecimal.ZERO), paise(BigDecimal.ZERO), paise(whole));
            byRate.add(tax);
            taxable = taxable.add(tax.taxable());
            cgst = cgst.add(tax.cgst());
            sgst = sgst.add(tax.sgst());
            igst = igst.add(tax.igst());
        }
        return new Totals(basis, paise(taxable), paise(cgst), paise(sgst), paise(igst), paise(taxable.add(cgst).add(sgst).add(igst)),
                List.copyOf(byRate));
    }

    /** Half-up to two decimals: rupees and paise. */
    static BigDecimal paise(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }
}
