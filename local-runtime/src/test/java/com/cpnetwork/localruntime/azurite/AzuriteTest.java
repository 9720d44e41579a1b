package com.cpnetwork.localruntime.azurite;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AzuriteTest {

    @Test
    void servesBlobsAndQueuesThroughItsConnectionString() {
        try (Azurite azurite = Azurite.start()) {
            assertThat(azurite.connectionString()).contains("AccountName=devstoreaccount1",
                    "QueueEndpoint=http://127.0.0.1:" + azurite.queuePort() + "/devstoreaccount1");
            QueueClient queue = new QueueClientBuilder().connectionString(azurite.connectionString()).queueName("probe").buildClient();
            queue.create();
            queue.sendMessage("hello");
            assertThat(queue.receiveMessage().getBody().toString()).isEqualTo("hello");
            BlobServiceClient blobs = new BlobServiceClientBuilder().connectionString(azurite.connectionString()).buildClient();
            assertThat(blobs.createBlobContainer("probe").exists()).isTrue();
        }
    }

    @Test
    void closeStopsTheProcess() {
        Azurite azurite = Azurite.start();
        int port = azurite.blobPort();
        assertThat(accepts(port)).isTrue();
        azurite.close();
        assertThat(accepts(port)).isFalse();
    }

    @Test
    void dataInALocationOutlivesARestart(@TempDir Path location) {
        try (Azurite first = Azurite.start(Azurite.Options.persistent(location))) {
            new BlobServiceClientBuilder().connectionString(first.connectionString()).buildClient().createBlobContainer("kept");
        }
        try (Azurite second = Azurite.start(Azurite.Options.persistent(location))) {
            assertThat(new BlobServiceClientBuilder().connectionString(second.connectionString()).buildClient()
                    .getBlobContainerClient("kept").exists()).isTrue();
        }
    }

    @Test
    void runsOnTheGivenPorts() throws IOException {
        int[] ports = new int[3];
        for (int i = 0; i < ports.length; i++) {
            try (ServerSocket probe = new ServerSocket(0)) {
                ports[i] = probe.getLocalPort();
            }
        }
        try (Azurite azurite = Azurite.start(Azurite.Options.inMemory().withPorts(ports[0], ports[1], ports[2]))) {
            assertThat(new int[] {azurite.blobPort(), azurite.queuePort(), azurite.tablePort()}).containsExactly(ports);
            assertThat(accepts(ports[1])).isTrue();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
