package com.cpnetwork.quotations;

import com.cpnetwork.quotations.Gst.PricedLine;
import com.cpnetwork.quotations.Gst.RateTax;
import com.cpnetwork.quotations.Gst.Totals;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;

/**
 * One frozen version of a quotation: everything the proposal says (both parties, the lines, the GST, the totals, the
 * dates) and the margin behind it. Amounts are decimal strings with two decimals, so the content has one canonical
 * JSON form (keys sorted, no spaces) and {@link #sha256()} names it: the same content always gives the same hash,
 * whoever computes it.
 */
public record QuotationContent(String quotationId, int version, String leadId, Party supplier, Party customer, String taxBasis,
                               List<Line> lines, String systemPrice, @JsonInclude(JsonInclude.Include.NON_NULL) String marginPercent,
                               Amounts totals, LocalDate issuedOn, LocalDate validUntil, Instant frozenAt) {

    /** Who sells or buys: as printed on the proposal. */
    public record Party(String name, String gstin, String stateCode, String address, String phone) {
    }

    /** One priced line. */
    public record Line(String description, String hsnSac, String quantity, String unitPrice, int gstRatePercent, String amount) {
    }

    /** The totals, with the tax of each rate. */
    public record Amounts(String taxable, String cgst, String sgst, String igst, String grandTotal, List<Tax> byRate) {
    }

    /** The tax at one rate. */
    public record Tax(int ratePercent, String taxable, String cgst, String sgst, String igst) {
    }

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    public QuotationContent {
        lines = List.copyOf(lines);
    }

    static QuotationContent of(String quotationId, int version, String leadId, Party supplier, Party customer, QuotationTerms terms,
                               List<PricedLine> priced, Totals totals, LocalDate validUntil, Instant frozenAt, LocalDate issuedOn) {
        List<Line> lines = priced.stream().map(line -> new Line(line.description(), line.hsnSac(), line.quantity().stripTrailingZeros()
                .toPlainString(), money(line.unitPrice()), line.gstRatePercent(), money(line.amount()))).toList();
        List<Tax> byRate = totals.byRate().stream().map(QuotationContent::tax).toList();
        return new QuotationContent(quotationId, version, leadId, supplier, customer, totals.taxBasis().name(), lines,
                money(terms.systemPrice()), terms.marginPercent().toPlainString(),
                new Amounts(money(totals.taxable()), money(totals.cgst()), money(totals.sgst()), money(totals.igst()),
                        money(totals.grandTotal()), byRate), issuedOn, validUntil, frozenAt);
    }

    private static Tax tax(RateTax rate) {
        return new Tax(rate.ratePercent(), money(rate.taxable()), money(rate.cgst()), money(rate.sgst()), money(rate.igst()));
    }

    /** Rupees as the API and the proposal show them: two decimals, no exponent. */
    static String money(BigDecimal amount) {
        return Gst.paise(amount).toPlainString();
    }

    /** The content as a customer may see it: without the margin (its hash stays the one of the whole content). */
    QuotationContent withoutMargin() {
        return new QuotationContent(quotationId, version, leadId, supplier, customer, taxBasis, lines, systemPrice, null, totals, issuedOn,
                validUntil, frozenAt);
    }

    /** The canonical JSON: keys sorted at every level, no whitespace, dates and amounts as strings. */
    public String canonicalJson() {
        try {
            return CANONICAL.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Quotation content cannot be written as JSON", e);
        }
    }

    /** SHA-256 of the canonical JSON in UTF-8, in lower-case hex. */
    public String sha256() {
        return sha256(canonicalJson().getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Reads content stored as JSON (PostgreSQL's jsonb reorders keys; the canonical form does not depend on it). */
    static QuotationContent parse(String json) {
        try {
            return CANONICAL.readValue(json, QuotationContent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored quotation content is not readable", e);
        }
    }
}
