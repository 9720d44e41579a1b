package com.cpnetwork.platform;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The decimal numbers a field accepts: a range and how many decimals. Checked digit counts first, so a value such as
 * {@code 1e999999999} is refused without ever being expanded.
 *
 * @param min          the smallest value, included or not
 * @param max          the largest value, included
 * @param maxDecimals  the most digits after the point
 */
public record DecimalRange(BigDecimal min, boolean minIncluded, BigDecimal max, int maxDecimals) {

    /** What is wrong with {@code value}, or empty when it is in the range. */
    public Optional<String> problem(BigDecimal value) {
        int integerDigits = value.precision() - value.scale();
        if (integerDigits > max.precision() - max.scale()) {
            return Optional.of("must be at most " + max.toPlainString());
        }
        if (value.stripTrailingZeros().scale() > maxDecimals) {
            return Optional.of(maxDecimals == 0 ? "must be a whole number" : "must have at most " + maxDecimals + " decimals");
        }
        int fromMin = value.compareTo(min);
        if (fromMin < 0 || fromMin == 0 && !minIncluded) {
            return Optional.of("must be " + (minIncluded ? "at least " : "more than ") + min.toPlainString());
        }
        if (value.compareTo(max) > 0) {
            return Optional.of("must be at most " + max.toPlainString());
        }
        return Optional.empty();
    }
}
