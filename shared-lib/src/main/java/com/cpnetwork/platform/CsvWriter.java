package com.cpnetwork.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes CSV as RFC 4180 has it (fields with a comma, a quote or a line break quoted, quotes doubled, CRLF line
 * ends), one row at a time to any {@link Writer}, so an export never holds its rows. A cell that a spreadsheet would
 * run as a formula ({@code =}, {@code +}, {@code -}, {@code @}, tab or carriage return first) is neutralised with a
 * leading apostrophe. Not thread-safe.
 */
public final class CsvWriter {

    private final Writer out;

    public CsvWriter(Writer out) {
        this.out = out;
    }

    public void row(List<?> cells) {
        try {
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(cell(cells.get(i)));
            }
            out.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Writing CSV failed", e);
        }
    }

    /** One cell: empty for null, neutralised when it could be a formula, quoted when it must be. */
    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
