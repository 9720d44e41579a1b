package com.cpnetwork.quotations;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IndianRupeesTest {

    @ParameterizedTest
    @CsvSource({"0, 0.00", "999, 999.00", "1000, '1,000.00'", "99999.5, '99,999.50'", "100000, '1,00,000.00'",
            "1234567.8, '12,34,567.80'", "123456789, '12,34,56,789.00'", "10000000000, '10,00,00,00,000.00'"})
    void figuresAreGroupedInLakhsAndCrores(String amount, String expected) {
        assertThat(IndianRupees.figures(new BigDecimal(amount))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0|Rupees Zero Only",
            "1|Rupees One Only",
            "21.05|Rupees Twenty-One and Five Paise Only",
            "1000|Rupees One Thousand Only",
            "100000|Rupees One Lakh Only",
            "179100|Rupees One Lakh Seventy-Nine Thousand One Hundred Only",
            "1234567.89|Rupees Twelve Lakh Thirty-Four Thousand Five Hundred Sixty-Seven and Eighty-Nine Paise Only",
            "10000000|Rupees One Crore Only",
            "123456789|Rupees Twelve Crore Thirty-Four Lakh Fifty-Six Thousand Seven Hundred Eighty-Nine Only",
            "10000000000|Rupees One Thousand Crore Only"})
    void wordsFollowTheIndianNumberingSystem(String amount, String expected) {
        assertThat(IndianRupees.words(new BigDecimal(amount))).isEqualTo(expected);
    }
}
