package com.cpnetwork.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.cpnetwork.platform.storage.Storage.BlobLink;
import com.cpnetwork.testing.StorageHttp;
import com.cpnetwork.testing.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Links hand out exactly one kind of access to exactly one blob, for at most fifteen minutes. */
class BlobLinksIT {

    private final Storage storage = TestInfrastructure.get().storage();
    private final String name = UUID.randomUUID().toString();
    private final String blob = "links-it/" + name + ".pdf";

    @Test
    void aReadLinkReadsItsBlobAndNothingElse() throws Exception {
        storage.container(StorageLayout.PROPOSALS).getBlobClient(blob).upload(BinaryData.fromString("%PDF-1.7 proposal"));

        BlobLink link = storage.linkToRead(StorageLayout.PROPOSALS, blob, Duration.ofMinutes(15), Instant.now());

        assertThat(send("GET", link.url(), null).body()).isEqualTo("%PDF-1.7 proposal");
        assertThat(link.expiresAt()).isBetween(Instant.now().plus(Duration.ofMinutes(14)), Instant.now().plus(Duration.ofMinutes(15)));
        assertThat(send("PUT", link.url(), "overwritten").statusCode()).isEqualTo(403);
        assertThat(send("DELETE", link.url(), null).statusCode()).isEqualTo(403);
        URI sibling = URI.create(link.url().toString().replace(name, UUID.randomUUID().toString()));
        assertThat(sibling).isNotEqualTo(link.url());
        assertThat(send("GET", sibling, null).statusCode()).isEqualTo(403);
    }

    @Test
    void aCreateLinkWritesItsBlobButCannotReadOrDeleteIt() throws Exception {
        BlobLink link = storage.linkToCreate(StorageLayout.UPLOADS, blob, Duration.ofMinutes(10), Instant.now());

        assertThat(send("PUT", link.url(), "%PDF-1.7 scan").statusCode()).isEqualTo(201);
        assertThat(storage.container(StorageLayout.UPLOADS).getBlobClient(blob).downloadContent().toString()).isEqualTo("%PDF-1.7 scan");
        assertThat(send("GET", link.url(), null).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", link.url(), null).statusCode()).isEqualTo(403);
    }

    @Test
    void anExpiredLinkIsRefused() throws Exception {
        BlobLink link = storage.linkToCreate(StorageLayout.UPLOADS, blob, Duration.ofMinutes(1), Instant.now().minus(Duration.ofMinutes(2)));

        assertThat(send("PUT", link.url(), "late").statusCode()).isEqualTo(403);
    }

    @Test
    void noLinkLivesLongerThanFifteenMinutes() {
        assertThatThrownBy(() -> storage.linkToRead(StorageLayout.PROPOSALS, blob, Duration.ofMinutes(16), Instant.now()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private HttpResponse<String> send(String method, URI url, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if ("PUT".equals(method)) {
            request.header("x-ms-blob-type", "BlockBlob");
        }
        return StorageHttp.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
