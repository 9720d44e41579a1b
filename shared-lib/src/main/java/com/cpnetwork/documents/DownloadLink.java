package com.cpnetwork.documents;

import java.net.URI;
import java.time.Instant;

/** A read-only link to a document's validated file, working until {@code expiresAt}. */
public record DownloadLink(URI url, Instant expiresAt) {
}
