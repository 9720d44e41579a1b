package com.cpnetwork.quotations;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Amounts as Indian documents write them: figures grouped in lakhs and crores ({@code 12,34,56,789.00}) and words
 * in the Indian numbering system ({@code Rupees Twelve Crore Thirty-Four Lakh ... and Eighty-Nine Paise Only}).
 */
final class IndianRupees {

    private static final String[] UNITS = {"", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven",
            "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen"};
    private static final String[] TENS = {"", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety"};
    private static final BigInteger CRORE = BigInteger.valueOf(10_000_000);

    private IndianRupees() {
    }

    /** {@code 1234567.8} → {@code 12,34,567.80}: the last three digits, then groups of two. */
    static String figures(BigDecimal amount) {
        String plain = amount.setScale(2, RoundingMode.HALF_UP).abs().toPlainString();
        String whole = plain.substring(0, plain.length() - 3);
        StringBuilder grouped = new StringBuilder();
        int head = whole.length() - 3;
        if (head <= 0) {
            grouped.append(whole);
        } else {
            String front = whole.substring(0, head);
            for (int i = 0; i < front.length(); i++) {
                grouped.append(front.charAt(i));
                if ((front.length() - i - 1) % 2 == 0 && i < front.length() - 1) {
                    grouped.append(',');
                }
            }
            grouped.append(',').append(whole.substring(head));
        }
        return (amount.signum() < 0 ? "-" : "") + grouped + plain.substring(plain.length() - 3);
    }

    /** The amount in words, rupees and paise, as a cheque or an invoice spells it. */
    static String words(BigDecimal amount) {
        BigDecimal rounded = amount.setScale(2, RoundingMode.HALF_UP).abs();
        BigInteger rupees = rounded.toBigInteger();
        int paise = rounded.remainder(BigDecimal.ONE).movePointRight(2).intValueExact();
        String text = "Rupees " + (rupees.signum() == 0 ? "Zero" : wholeWords(rupees));
        if (paise > 0) {
            text += " and " + belowHundred(paise) + " Paise";
        }
        return text + " Only";
    }

    /** Crores may themselves run into lakhs and thousands, as Indian numbering says them (e.g. "One Lakh Crore"). */
    private static String wholeWords(BigInteger number) {
        BigInteger[] crores = number.divideAndRemainder(CRORE);
        String belowCrore = belowCrore(crores[1].intValueExact());
        if (crores[0].signum() == 0) {
            return belowCrore;
        }
        return (wholeWords(crores[0]) + " Crore " + belowCrore).trim();
    }

    private static String belowCrore(int number) {
        StringBuilder words = new StringBuilder();
        append(words, number / 100_000, "Lakh");
        append(words, number / 1_000 % 100, "Thousand");
        append(words, number / 100 % 10, "Hundred");
        if (number % 100 > 0) {
            words.append(belowHundred(number % 100)).append(' ');
        }
        return words.toString().trim();
    }

    private static void append(StringBuilder words, int count, String unit) {
        if (count > 0) {
            words.append(belowHundred(count)).append(' ').append(unit).append(' ');
        }
    }

    private static String belowHundred(int number) {
        if (number < 20) {
            return UNITS[number];
        }
        return TENS[number / 10] + (number % 10 > 0 ? "-" + UNITS[number % 10] : "");
    }
}
