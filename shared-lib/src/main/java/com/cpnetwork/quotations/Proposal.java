package com.cpnetwork.quotations;

import com.cpnetwork.platform.storage.Storage.BlobLink;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.time.Instant;

/** A quotation's proposal PDF: a read-only link while it lasts when it is READY, or the news that it is PENDING. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Proposal(String pdfStatus, URI url, Instant expiresAt) {

    static Proposal pending() {
        return new Proposal("PENDING", null, null);
    }

    static Proposal ready(BlobLink link) {
        return new Proposal("READY", link.url(), link.expiresAt());
    }

    @JsonIgnore
    public boolean isReady() {
        return "READY".equals(pdfStatus);
    }
}
