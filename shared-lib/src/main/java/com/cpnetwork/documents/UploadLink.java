package com.cpnetwork.documents;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Where to upload a document's file: one {@code PUT} of the whole file to {@code uploadUrl}, with
 * {@code uploadHeaders}, before {@code expiresAt}. The link can create that one blob and nothing else.
 */
public record UploadLink(UUID documentId, URI uploadUrl, Instant expiresAt, Map<String, String> uploadHeaders) {

    static UploadLink of(UUID documentId, URI url, Instant expiresAt) {
        return new UploadLink(documentId, url, expiresAt, Map.of("x-ms-blob-type", "BlockBlob"));
    }
}
