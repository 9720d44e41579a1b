package com.cpnetwork.platform.storage;

import com.azure.core.util.Context;
import com.azure.identity.DefaultAzureCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueMessageEncoding;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.QueueServiceClientBuilder;
import java.time.Duration;

/** Blob containers and queues of the data storage account. Built once per JVM; the SDK clients are thread-safe. */
public final class Storage {

    /**
     * A few quick retries instead of the SDK's default (four tries of up to a minute each): a storage outage must
     * surface within seconds, and the work that needs storage is retried by queues and timers anyway.
     */
    private static final RequestRetryOptions RETRIES = new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 3, Duration.ofSeconds(10),
            Duration.ofMillis(200), Duration.ofSeconds(2), null);

    private final BlobServiceClient blobs;
    private final QueueServiceClient queues;

    private Storage(BlobServiceClient blobs, QueueServiceClient queues) {
        this.blobs = blobs;
        this.queues = queues;
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
        return new Storage(blobBuilder.buildClient(), queueBuilder.buildClient());
    }

    public BlobContainerClient container(String name) {
        return blobs.getBlobContainerClient(name);
    }

    public QueueClient queue(String name) {
        return queues.getQueueClient(name);
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
