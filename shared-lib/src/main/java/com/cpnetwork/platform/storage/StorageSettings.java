package com.cpnetwork.platform.storage;

import com.cpnetwork.platform.config.SettingsReader;
import java.net.URI;
import java.util.Optional;

/**
 * The storage account holding uploads, PDFs and queues, named like a Functions binding connection
 * ({@value #NAME}): either a connection string (Azurite, local runs), or service URLs reached with
 * {@code DefaultAzureCredential} (managed identity in Azure).
 */
public record StorageSettings(
        Optional<String> connectionString,
        Optional<URI> blobServiceUri,
        Optional<URI> queueServiceUri,
        Optional<String> managedIdentityClientId) {

    public static final String NAME = "DataStorage";
    /** Azurite's well-known development account. */
    public static final String DEVELOPMENT_STORAGE = "UseDevelopmentStorage=true";

    @Override
    public String toString() {
        return "StorageSettings[connectionString=" + connectionString.map(s -> "***").orElse("none")
                + ", blobServiceUri=" + blobServiceUri + ", queueServiceUri=" + queueServiceUri + "]";
    }

    public static StorageSettings read(SettingsReader settings) {
        Optional<String> connectionString = settings.optional(NAME);
        Optional<URI> blobs = settings.optionalUri(NAME + "__blobServiceUri");
        Optional<URI> queues = settings.optionalUri(NAME + "__queueServiceUri");
        if (connectionString.isEmpty() && (blobs.isEmpty() || queues.isEmpty())) {
            settings.problem(NAME + " (a connection string) or both " + NAME + "__blobServiceUri and "
                    + NAME + "__queueServiceUri are required");
        }
        return new StorageSettings(connectionString, blobs, queues, settings.optional(NAME + "__clientId"));
    }
}
