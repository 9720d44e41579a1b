package com.cpnetwork.quotations;

import java.math.BigDecimal;

/**
 * One line of a quotation as the client sends it. {@code hsnSac} is the goods or services code printed on tax
 * documents; {@code gstRatePercent} is one of the GST slabs (absent: no GST on the line).
 */
public record LineItem(String description, BigDecimal quantity, BigDecimal unitPrice, String hsnSac, Integer gstRatePercent) {
}
