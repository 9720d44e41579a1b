package com.cpnetwork.organizations;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of a GSTIN, India's 15-character GST registration number: two digits of the state it is registered in,
 * the holder's PAN, an entity number, the letter Z and a check character (Luhn mod 36 over the first 14).
 */
public final class Gstin {

    private static final Pattern FORMAT = Pattern.compile("[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]");
    private static final String CODE_POINTS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    /** GST state codes and the letter codes in use for each (several states have two in common use). */
    private static final Map<String, Set<String>> STATES = Map.ofEntries(
            Map.entry("01", Set.of("JK")), Map.entry("02", Set.of("HP")), Map.entry("03", Set.of("PB")),
            Map.entry("04", Set.of("CH")), Map.entry("05", Set.of("UK", "UT")), Map.entry("06", Set.of("HR")),
            Map.entry("07", Set.of("DL")), Map.entry("08", Set.of("RJ")), Map.entry("09", Set.of("UP")),
            Map.entry("10", Set.of("BR")), Map.entry("11", Set.of("SK")), Map.entry("12", Set.of("AR")),
            Map.entry("13", Set.of("NL")), Map.entry("14", Set.of("MN")), Map.entry("15", Set.of("MZ")),
            Map.entry("16", Set.of("TR")), Map.entry("17", Set.of("ML")), Map.entry("18", Set.of("AS")),
            Map.entry("19", Set.of("WB")), Map.entry("20", Set.of("JH")), Map.entry("21", Set.of("OD", "OR")),
            Map.entry("22", Set.of("CG", "CT")), Map.entry("23", Set.of("MP")), Map.entry("24", Set.of("GJ")),
            Map.entry("25", Set.of("DD")), Map.entry("26", Set.of("DN", "DD", "DH")), Map.entry("27", Set.of("MH")),
            Map.entry("28", Set.of("AP")), Map.entry("29", Set.of("KA")), Map.entry("30", Set.of("GA")),
            Map.entry("31", Set.of("LD")), Map.entry("32", Set.of("KL")), Map.entry("33", Set.of("TN")),
            Map.entry("34", Set.of("PY")), Map.entry("35", Set.of("AN")), Map.entry("36", Set.of("TS", "TG")),
            Map.entry("37", Set.of("AP")), Map.entry("38", Set.of("LA")), Map.entry("97", Set.of("OT")));

    private Gstin() {
    }

    /** What is wrong with {@code gstin}, or empty when it is a well-formed GSTIN with the right check character. */
    public static Optional<String> problem(String gstin) {
        if (!FORMAT.matcher(gstin).matches()) {
            return Optional.of("must be a 15-character GSTIN such as 27AAPFU0939F1ZV");
        }
        if (gstin.charAt(14) != checkCharacter(gstin)) {
            return Optional.of("has a wrong check character; check the number for typing mistakes");
        }
        return Optional.empty();
    }

    /** True when a (well-formed) {@code gstin} is registered in the state with the letter code {@code stateCode}. */
    public static boolean isRegisteredIn(String gstin, String stateCode) {
        return STATES.getOrDefault(gstin.substring(0, 2), Set.of()).contains(stateCode);
    }

    private static char checkCharacter(String gstin) {
        int factor = 2;
        int sum = 0;
        for (int i = 13; i >= 0; i--) {
            int product = factor * CODE_POINTS.indexOf(gstin.charAt(i));
            factor = factor == 2 ? 1 : 2;
            sum += product / 36 + product % 36;
        }
        return CODE_POINTS.charAt((36 - sum % 36) % 36);
    }
}
