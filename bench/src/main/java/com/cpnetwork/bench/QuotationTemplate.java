package com.cpnetwork.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * A quotation the app made through the API, as the pattern of the ones the loader writes as the owner: its stored body
 * ({@code quotations.content}) and its version's content in the app's canonical form (keys sorted at every level, no
 * whitespace), with {@link #FIELDS} replaced by placeholders that the loader's SQL fills in per lead. Made only after
 * checking that this canonical form gives the hash the app stored, so the loaded rows hash as the app's do.
 */
record QuotationTemplate(String body, String canonical, BigDecimal grandTotal) {

    /** What differs from one quotation to the next: JSON paths of the version's content. */
    static final List<String> FIELDS = List.of("quotationId", "leadId", "customer.name", "customer.phone", "customer.address",
            "customer.stateCode", "issuedOn", "validUntil", "frozenAt");

    private static final ObjectMapper CANONICAL = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** The placeholder of {@code field} in {@link #canonical}, quotes included (the SQL puts a JSON string in its place). */
    static String placeholder(String field) {
        return "\"@bench:" + field + "@\"";
    }

    /** The first API-made quotation on a lead in the organization's state ({@code intraState}: CGST + SGST) or not (IGST). */
    static QuotationTemplate of(Connection owner, UUID orgId, boolean intraState) throws SQLException {
        try (PreparedStatement query = owner.prepareStatement("""
                SELECT q.content::text, v.content::text, v.content_sha256, q.grand_total
                  FROM quotations q JOIN quotation_versions v ON v.quotation_id = q.id AND v.version = q.version
                  JOIN leads l ON l.id = q.lead_id JOIN organizations o ON o.id = q.org_id
                 WHERE q.org_id = ? AND (l.state_code = o.state_code) = ?
                 ORDER BY q.created_at, q.id LIMIT 1""")) {
            query.setObject(1, orgId);
            query.setBoolean(2, intraState);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("No quotation made through the API for a lead " + (intraState ? "in" : "outside")
                            + " the organization's state");
                }
                String content = row.getString(2);
                check(content, row.getString(3));
                ObjectNode pattern = (ObjectNode) BenchDir.JSON.readTree(content);
                for (String field : FIELDS) {
                    String[] path = field.split("\\.");
                    ObjectNode parent = path.length == 1 ? pattern : (ObjectNode) pattern.path(path[0]);
                    parent.put(path[path.length - 1], "@bench:" + field + "@");
                }
                return new QuotationTemplate(row.getString(1), canonical(pattern.toString()), row.getBigDecimal(4));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("A stored quotation content is not JSON", e);
            }
        }
    }

    /** Checks a loaded version: its stored hash is the hash of its content's canonical form, as for the app's own. */
    static void checkLoaded(Connection owner, String quotationId) throws SQLException {
        try (PreparedStatement query = owner.prepareStatement(
                "SELECT content::text, content_sha256 FROM quotation_versions WHERE quotation_id = ? AND version = 1")) {
            query.setString(1, quotationId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("The loaded quotation " + quotationId + " has no version");
                }
                check(row.getString(1), row.getString(2));
            }
        }
    }

    private static void check(String content, String sha256) {
        String computed = sha256(canonical(content));
        if (!computed.equals(sha256)) {
            throw new IllegalStateException("The canonical form here hashes to " + computed + ", the app stored " + sha256
                    + " for " + content);
        }
    }

    /** JSON text in the app's canonical form: keys sorted at every level, no whitespace. */
    static String canonical(String json) {
        try {
            return CANONICAL.writeValueAsString(CANONICAL.readValue(json, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Not JSON: " + json, e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
