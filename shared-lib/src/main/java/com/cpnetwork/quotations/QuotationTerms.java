package com.cpnetwork.quotations;

import com.cpnetwork.platform.DecimalRange;
import com.cpnetwork.platform.FieldChecks;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The commercial content of a quotation, as its author sets it: the pre-tax system price commissions are computed
 * from, the CP's margin, the line items the proposal lists, and until when it may be accepted ({@code null}: the
 * organization's default validity). Checked here, so a quotation never holds an out-of-range value.
 */
public record QuotationTerms(BigDecimal systemPrice, BigDecimal marginPercent, List<LineItem> lineItems, LocalDate validUntil) {

    public static final int MAX_LINE_ITEMS = 200;
    static final DecimalRange SYSTEM_PRICE = new DecimalRange(BigDecimal.ZERO, false, new BigDecimal("10000000000.00"), 2);
    static final DecimalRange MARGIN_PERCENT = new DecimalRange(BigDecimal.ZERO, false, new BigDecimal("99.99"), 2);
    static final DecimalRange QUANTITY = new DecimalRange(BigDecimal.ZERO, false, new BigDecimal("100000"), 3);
    static final DecimalRange UNIT_PRICE = new DecimalRange(BigDecimal.ZERO, true, new BigDecimal("10000000000.00"), 2);
    private static final Pattern HSN_SAC = Pattern.compile("[0-9]{4,8}");

    public QuotationTerms {
        lineItems = lineItems == null ? List.of() : List.copyOf(lineItems);
        check(new FieldChecks(), systemPrice, marginPercent, lineItems).verify();
        systemPrice = systemPrice.setScale(2, RoundingMode.UNNECESSARY);
        marginPercent = marginPercent.setScale(2, RoundingMode.UNNECESSARY).stripTrailingZeros();
        if (marginPercent.scale() < 0) {
            marginPercent = marginPercent.setScale(0, RoundingMode.UNNECESSARY);
        }
    }

    /** Records every problem of the terms in {@code checks}, so a request's other problems are named with them. */
    static FieldChecks check(FieldChecks checks, BigDecimal systemPrice, BigDecimal marginPercent, List<LineItem> lineItems) {
        checks.required("systemPrice", systemPrice).decimal("systemPrice", systemPrice, SYSTEM_PRICE)
                .required("marginPercent", marginPercent).decimal("marginPercent", marginPercent, MARGIN_PERCENT)
                .check(lineItems == null || lineItems.size() <= MAX_LINE_ITEMS, "lineItems", "must list at most " + MAX_LINE_ITEMS + " items");
        if (lineItems == null || lineItems.size() > MAX_LINE_ITEMS) {
            return checks;
        }
        for (int i = 0; i < lineItems.size(); i++) {
            LineItem line = lineItems.get(i);
            String at = "lineItems[" + i + "]";
            if (line == null) {
                checks.check(false, at, "is required");
                continue;
            }
            checks.required(at + ".description", line.description()).text(at + ".description", line.description(), 500)
                    .required(at + ".quantity", line.quantity()).decimal(at + ".quantity", line.quantity(), QUANTITY)
                    .required(at + ".unitPrice", line.unitPrice()).decimal(at + ".unitPrice", line.unitPrice(), UNIT_PRICE)
                    .check(line.hsnSac() == null || HSN_SAC.matcher(line.hsnSac()).matches(), at + ".hsnSac", "must be 4 to 8 digits")
                    .check(line.gstRatePercent() == null || Gst.RATES.contains(line.gstRatePercent()), at + ".gstRatePercent",
                            "must be one of " + Gst.RATES_TEXT);
        }
        return checks;
    }
}
