package com.cpnetwork.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4180 CSV, with cells a spreadsheet would run as formulas neutralised. */
class CsvWriterTest {

    private static String csv(List<?>... rows) {
        StringWriter out = new StringWriter();
        CsvWriter writer = new CsvWriter(out);
        for (List<?> row : rows) {
            writer.row(row);
        }
        return out.toString();
    }

    @Test
    void fieldsAreQuotedOnlyWhenTheyMustBeAndLinesEndInCrLf() {
        assertThat(csv(List.of("plain", "with,comma", "with \"quote\"", "two\nlines", 42))).isEqualTo(
                "plain,\"with,comma\",\"with \"\"quote\"\"\",\"two\nlines\",42\r\n");
        assertThat(csv(Arrays.asList("a", null, ""))).isEqualTo("a,,\r\n");
    }

    @Test
    void cellsThatASpreadsheetWouldRunAreNeutralised() {
        assertThat(csv(List.of("=HYPERLINK(\"http://evil\")", "+1+2", "-3", "@SUM(A1)", "\tx", "\rx", "safe=1"))).isEqualTo(
                "\"'=HYPERLINK(\"\"http://evil\"\")\",'+1+2,'-3,'@SUM(A1),'\tx,\"'\rx\",safe=1\r\n");
    }
}
