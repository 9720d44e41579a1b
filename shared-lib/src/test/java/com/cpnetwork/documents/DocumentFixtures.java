package com.cpnetwork.documents;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.cpnetwork.leads.Lead;
import com.cpnetwork.leads.NewLead;
import com.cpnetwork.leads.RequestedService;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.storage.Storage;
import com.cpnetwork.platform.storage.StorageLayout;
import com.cpnetwork.testing.Fixtures;
import com.cpnetwork.testing.Rows;
import com.cpnetwork.testing.StorageHttp;
import com.cpnetwork.testing.TestBackend;
import com.cpnetwork.testing.TestInfrastructure;
import com.cpnetwork.users.User;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

/** Leads, upload links and uploads made as the apps make them: through the services and a PUT to the link. */
final class DocumentFixtures {

    private final TestBackend world;

    DocumentFixtures(TestBackend world) {
        this.world = world;
    }

    DocumentService documents() {
        return world.backend().documents().service();
    }

    UploadInspection inspection() {
        return world.backend().documents().inspection();
    }

    static Storage storage() {
        return TestInfrastructure.get().storage();
    }

    /** A new lead the CP brings in for themselves; its customer is new too. */
    Lead aLeadOf(User cp) {
        return world.backend().leads().createLead(Fixtures.callerOf(cp), new NewLead("Ravi Kumar", Fixtures.aPhone(), null, cp.stateCode(),
                List.of(new RequestedService("SOLAR_ROOFTOP", null)), null, null, null)).lead();
    }

    static NewLeadDocument aLeadFile(String leadId, byte[] content) {
        return new NewLeadDocument(leadId, "SITE_PHOTO", "roof.pdf", "application/pdf", (long) content.length);
    }

    static NewKycDocument aKycFile(UUID customerId, String docType, String contentType, byte[] content) {
        return new NewKycDocument(customerId, docType, "aadhaar.pdf", contentType, (long) content.length);
    }

    /** A raw HTTP PUT of {@code content} to the link, as an app without the storage SDK does; returns the status. */
    static int put(URI uploadUrl, byte[] content) {
        try {
            return StorageHttp.send(HttpRequest.newBuilder(uploadUrl).header("x-ms-blob-type", "BlockBlob")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Uploads through the link and runs the validator on what landed, as the blob trigger would. */
    Document uploadAndInspect(Caller caller, UploadLink link, byte[] content) {
        int status = put(link.uploadUrl(), content);
        if (status != 201) {
            throw new AssertionError("The upload through the link answered " + status);
        }
        inspect(link.documentId());
        return documents().getDocument(caller, link.documentId());
    }

    void inspect(UUID documentId) {
        inspection().inspect(blobName(documentId));
    }

    static String blobName(UUID documentId) {
        UUID orgId = Rows.one("SELECT org_id FROM documents WHERE id = ?", documentId);
        return orgId + "/" + documentId;
    }

    static BlobClient upload(UUID documentId) {
        return storage().container(StorageLayout.UPLOADS).getBlobClient(blobName(documentId));
    }

    static BlobClient kept(UUID documentId) {
        return storage().container(StorageLayout.DOCUMENTS).getBlobClient(blobName(documentId));
    }

    /** Writes straight into the uploads container with the account's key, bypassing any link. */
    static void writeWithoutLink(String blobName, byte[] content) {
        storage().container(StorageLayout.UPLOADS).getBlobClient(blobName).upload(BinaryData.fromBytes(content), true);
    }

    static byte[] keptContent(UUID documentId) {
        return kept(documentId).downloadContent().toBytes();
    }
}
