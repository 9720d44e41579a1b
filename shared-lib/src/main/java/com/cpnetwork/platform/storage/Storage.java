package com.cpnetwork.platform.storage;

import com.azure.core.util.Context;
import com.azure.identity.DefaultAzureCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.UserDelegationKey;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.sas.SasProtocol;
import com.azure.storage.common.policy.RetryPolicyType;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueMessageEncoding;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.QueueServiceClientBuilder;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Consumer;

/** Blob containers and queues of the data storage account. Built once per JVM; the SDK clients are thread-safe. */
public final class Storage {

    /**
     * A few quick retries instead of the SDK's default (four tries of up to a minute each): a storage outage must
     * surface within seconds, and the work that needs storage is retried by queues and timers anyway.
     */
    private static final RequestRetryOptions RETRIES = new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 3, Duration.ofSeconds(10),
            Duration.ofMillis(200), Duration.ofSeconds(2), null);

    /** Links start this much in the past, so a client whose clock is a little behind can use them at once. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** The longest a link may live: links hand out access to people's documents. */
    public static final Duration LONGEST_LINK = Duration.ofMinutes(15);

    private final BlobServiceClient blobs;
    private final QueueServiceClient queues;
    /** Signed with a user delegation key (managed identity) rather than the account key (connection string). */
    private final boolean userDelegation;
    private UserDelegationKey delegationKey;

    private Storage(BlobServiceClient blobs, QueueServiceClient queues, boolean userDelegation) {
        this.blobs = blobs;
        this.queues = queues;
        this.userDelegation = userDelegation;
    }

    /** A link to one blob and when it stops working. */
    public record BlobLink(URI url, Instant expiresAt) {
    }

    public static Storage connect(StorageSettings settings) {
        BlobServiceClientBuilder blobBuilder = new BlobServiceClientBuilder().retryOptions(RETRIES);
        // Base64, because that is what the Functions queue trigger expects by default.
        QueueServiceClientBuilder queueBuilder = new QueueServiceClientBuilder().messageEncoding(QueueMessageEncoding.BASE64)
                .retryOptions(RETRIES);
        if (settings.connectionString().isPresent()) {
            blobBuilder.connectionString(settings.connectionString().get());
            queueBuilder.connectionString(settings.connectionString().get());
        } else {
            DefaultAzureCredentialBuilder credentials = new DefaultAzureCredentialBuilder();
            settings.managedIdentityClientId().ifPresent(credentials::managedIdentityClientId);
            DefaultAzureCredential credential = credentials.build();
            blobBuilder.endpoint(settings.blobServiceUri().orElseThrow().toString()).credential(credential);
            queueBuilder.endpoint(settings.queueServiceUri().orElseThrow().toString()).credential(credential);
        }
        return new Storage(blobBuilder.buildClient(), queueBuilder.buildClient(), settings.connectionString().isEmpty());
    }

    public BlobContainerClient container(String name) {
        return blobs.getBlobContainerClient(name);
    }

    public QueueClient queue(String name) {
        return queues.getQueueClient(name);
    }

    /** A read-only link to one blob, valid for {@code validity} (at most {@link #LONGEST_LINK}) from {@code now}. */
    public BlobLink linkToRead(String container, String blob, Duration validity, Instant now) {
        return link(container, blob, new BlobSasPermission().setReadPermission(true), validity, now, values -> { });
    }

    /**
     * A read-only link like {@link #linkToRead} whose responses carry {@code contentType} and
     * {@code contentDisposition}, whatever the blob's own properties say (whoever uploaded it chose those).
     */
    public BlobLink linkToDownload(String container, String blob, String contentType, String contentDisposition, Duration validity,
                                   Instant now) {
        return link(container, blob, new BlobSasPermission().setReadPermission(true), validity, now,
                values -> values.setContentType(contentType).setContentDisposition(contentDisposition));
    }

    /**
     * A link that can create or overwrite one blob and do nothing else (no read, list or delete), valid for
     * {@code validity} (at most {@link #LONGEST_LINK}) from {@code now}.
     */
    public BlobLink linkToCreate(String container, String blob, Duration validity, Instant now) {
        return link(container, blob, new BlobSasPermission().setCreatePermission(true).setWritePermission(true), validity, now,
                values -> { });
    }

    private BlobLink link(String container, String blob, BlobSasPermission permission, Duration validity, Instant now,
                          Consumer<BlobServiceSasSignatureValues> overrides) {
        if (validity.isNegative() || validity.isZero() || validity.compareTo(LONGEST_LINK) > 0) {
            throw new IllegalArgumentException("A link lives at most " + LONGEST_LINK.toMinutes() + " minutes");
        }
        OffsetDateTime expiry = now.plus(validity).atOffset(ZoneOffset.UTC);
        BlobClient client = container(container).getBlobClient(blob);
        BlobServiceSasSignatureValues values = new BlobServiceSasSignatureValues(expiry, permission)
                .setStartTime(now.minus(CLOCK_SKEW).atOffset(ZoneOffset.UTC))
                // Only HTTPS where the account speaks it (Azure); Azurite is plain HTTP.
                .setProtocol(client.getBlobUrl().startsWith("https:") ? SasProtocol.HTTPS_ONLY : SasProtocol.HTTPS_HTTP);
        overrides.accept(values);
        String signature = userDelegation ? client.generateUserDelegationSas(values, delegationKey(now, expiry)) : client.generateSas(values);
        return new BlobLink(URI.create(client.getBlobUrl() + "?" + signature), expiry.toInstant());
    }

    /**
     * The user delegation key links are signed with under a managed identity: asked for once a day (it may live up to
     * seven), and again when the one held would expire before a new link does.
     */
    private synchronized UserDelegationKey delegationKey(Instant now, OffsetDateTime linkExpiry) {
        if (delegationKey == null || delegationKey.getSignedExpiry().isBefore(linkExpiry)) {
            delegationKey = blobs.getUserDelegationKey(now.minus(CLOCK_SKEW).atOffset(ZoneOffset.UTC),
                    now.plus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC));
        }
        return delegationKey;
    }

    /** True when both the blob and the queue service answer within {@code timeout} (data-plane calls only). */
    public boolean isReachable(Duration timeout) {
        try {
            container(StorageLayout.UPLOADS).existsWithResponse(timeout, Context.NONE);
            queue(StorageLayout.NOTIFICATIONS).getPropertiesWithResponse(timeout, Context.NONE);
            return true;
        } catch (RuntimeException e) {
            return isMissingQueue(e);
        }
    }

    private static boolean isMissingQueue(RuntimeException e) {
        return e instanceof com.azure.storage.queue.models.QueueStorageException q && q.getStatusCode() == 404;
    }

    /** Creates every container and queue of {@link StorageLayout} that does not exist yet. Idempotent. */
    public void ensureLayout() {
        StorageLayout.CONTAINERS.forEach(name -> container(name).createIfNotExists());
        StorageLayout.QUEUES.forEach(name -> {
            queue(name).createIfNotExists();
            queue(name + "-poison").createIfNotExists();
        });
    }
}
