package com.cpnetwork.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.specialized.BlobLeaseClient;
import com.azure.storage.blob.specialized.BlobLeaseClientBuilder;
import com.cpnetwork.leads.Lead;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.errors.Conflict;
import com.cpnetwork.testing.Rows;
import com.cpnetwork.testing.TestBackend;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Documents are removed seven years after upload, blob and record, and their audit entries stay; links that expired
 * unused go too, and a document still validating a day after its upload is given up (INVALID, upload deleted). A blob
 * that cannot be deleted keeps its record until a later run; runs at the same time, or after a crashed one, remove
 * each document once.
 */
class DocumentRetentionIT {

    private static final Duration BUDGET = Duration.ofMinutes(5);

    @RegisterExtension
    static final TestBackend world = TestBackend.perTestClass();

    private static DocumentFixtures fixtures;
    private static DocumentRetention retention;
    private static Caller admin;

    @BeforeAll
    static void anOrganization() {
        fixtures = new DocumentFixtures(world);
        retention = world.backend().documents().retention();
        admin = world.fixtures().anOrganization();
    }

    private UploadLink aValidDocument() {
        Lead lead = fixtures.aLeadOf(world.fixtures().aCpIn("DL"));
        byte[] pdf = Files.pdf();
        UploadLink link = fixtures.documents().requestLeadUpload(admin, DocumentFixtures.aLeadFile(lead.id(), pdf));
        assertThat(fixtures.uploadAndInspect(admin, link, pdf).status()).isEqualTo(DocumentStatus.VALID);
        return link;
    }

    private static void uploadedAgo(UploadLink link, Duration sinceSevenYears) {
        Instant sevenYearsAgo = world.clock().instant().atOffset(ZoneOffset.UTC).minusYears(7).toInstant();
        Rows.execute("UPDATE documents SET uploaded_at = ? WHERE id = ?", sevenYearsAgo.minus(sinceSevenYears), link.documentId());
    }

    /**
     * An upload that arrived {@code ago} and was never judged, as the validator leaves a document when every attempt
     * failed after it admitted the upload (the blob trigger's poison path), or when the malware verdict never came.
     */
    private static UploadLink validatingSince(Lead lead, Duration ago) {
        byte[] pdf = Files.pdf();
        UploadLink link = fixtures.documents().requestLeadUpload(admin, DocumentFixtures.aLeadFile(lead.id(), pdf));
        assertThat(DocumentFixtures.put(link.uploadUrl(), pdf)).isEqualTo(201);
        String etag = DocumentFixtures.upload(link.documentId()).getProperties().getETag().replace("\"", "");
        Rows.execute("UPDATE documents SET status = 'VALIDATING', upload_etag = ?, uploaded_at = ? WHERE id = ?", etag,
                world.clock().instant().minus(ago), link.documentId());
        return link;
    }

    private static Document document(UploadLink link) {
        return fixtures.documents().getDocument(admin, link.documentId());
    }

    private static boolean recordExists(UploadLink link) {
        return Rows.count("SELECT count(*) FROM documents WHERE id = ?", link.documentId()) == 1;
    }

    @Test
    void documentsUploadedMoreThanSevenYearsAgoLoseBlobAndRecordButKeepTheirAuditEntries() {
        UploadLink old = aValidDocument();
        UploadLink justInside = aValidDocument();
        uploadedAgo(old, Duration.ofDays(1));
        uploadedAgo(justInside, Duration.ofHours(-1));
        List<String> auditBefore = Rows.auditActions(old.documentId().toString());
        BlobClient oldFile = DocumentFixtures.kept(old.documentId());

        retention.purge(BUDGET);

        assertThat(recordExists(old)).isFalse();
        assertThat(oldFile.exists()).isFalse();
        assertThat(Rows.auditActions(old.documentId().toString())).startsWith(auditBefore.toArray(String[]::new)).endsWith("DOCUMENT_PURGED");
        assertThat(recordExists(justInside)).isTrue();
        assertThat(DocumentFixtures.kept(justInside.documentId()).exists()).isTrue();
    }

    @Test
    void documentsWhoseLinkExpiredUnusedAreRemovedOnceTheGraceHasPassed() {
        Lead lead = fixtures.aLeadOf(world.fixtures().aCpIn("DL"));
        UploadLink abandoned = fixtures.documents().requestLeadUpload(admin, DocumentFixtures.aLeadFile(lead.id(), Files.pdf()));
        UploadLink recent = fixtures.documents().requestLeadUpload(admin, DocumentFixtures.aLeadFile(lead.id(), Files.pdf()));
        Instant now = world.clock().instant();
        Rows.execute("UPDATE documents SET link_expires_at = ? WHERE id = ?", now.minus(DocumentService.ARRIVAL_GRACE).minusSeconds(1),
                abandoned.documentId());
        Rows.execute("UPDATE documents SET link_expires_at = ? WHERE id = ?", now.minusSeconds(60), recent.documentId());

        retention.purge(BUDGET);

        assertThat(recordExists(abandoned)).isFalse();
        assertThat(Rows.auditActions(abandoned.documentId().toString())).containsExactly("DOCUMENT_CREATED", "DOCUMENT_EXPIRED");
        assertThat(recordExists(recent)).isTrue();
    }

    @Test
    void aBlobThatCannotBeDeletedKeepsItsRecordAndIsRemovedByALaterRun() {
        UploadLink old = aValidDocument();
        uploadedAgo(old, Duration.ofDays(30));
        BlobClient file = DocumentFixtures.kept(old.documentId());
        // A leased blob cannot be deleted without the lease: storage refuses, as it would when failing.
        BlobLeaseClient lease = new BlobLeaseClientBuilder().blobClient(file).buildClient();
        lease.acquireLease(-1);

        DocumentRetention.Outcome failed = retention.purge(BUDGET);

        assertThat(failed.retryLater()).isPositive();
        assertThat(recordExists(old)).isTrue();
        assertThat(file.exists()).isTrue();

        lease.releaseLease();
        claimsExpire(old);
        retention.purge(BUDGET);

        assertThat(recordExists(old)).isFalse();
        assertThat(file.exists()).isFalse();
    }

    @Test
    void theBlobsOfADeletedDocumentThatStorageKeptAreRemovedByRetentionAndTheRecordStays() {
        UploadLink deleted = aValidDocument();
        BlobLeaseClient lease = new BlobLeaseClientBuilder().blobClient(DocumentFixtures.kept(deleted.documentId())).buildClient();
        lease.acquireLease(-1);
        fixtures.documents().deleteDocument(admin, deleted.documentId(), new DocumentDeletion("A duplicate"));
        assertThat(DocumentFixtures.kept(deleted.documentId()).exists()).isTrue();
        assertThat(Rows.<Object>one("SELECT blobs_removed_at FROM documents WHERE id = ?", deleted.documentId())).isNull();
        lease.releaseLease();

        retention.purge(BUDGET);

        assertThat(DocumentFixtures.kept(deleted.documentId()).exists()).isFalse();
        assertThat(Rows.<Object>one("SELECT blobs_removed_at FROM documents WHERE id = ?", deleted.documentId())).isNotNull();
    }

    @Test
    void aDocumentValidatingForMoreThanADayTurnsInvalidLosesItsUploadAndFreesItsPlaceOnTheLead() {
        Lead lead = fixtures.aLeadOf(world.fixtures().aCpIn("DL"));
        for (int i = 1; i < DocumentService.MAX_LIVE_LEAD_DOCUMENTS; i++) {
            fixtures.documents().requestLeadUpload(admin, DocumentFixtures.aLeadFile(lead.id(), Files.pdf()));
        }
        UploadLink stuck = validatingSince(lead, DocumentRetention.VALIDATING_AT_MOST.plusMinutes(1));
        Supplier<UploadLink> eighth = () -> fixtures.documents().requestLeadUpload(admin, DocumentFixtures.aLeadFile(lead.id(), Files.pdf()));
        assertThat(((Conflict) catchThrowable(eighth::get)).code()).isEqualTo("MAX_DOCUMENTS");

        retention.purge(BUDGET);

        assertThat(document(stuck).status()).isEqualTo(DocumentStatus.INVALID);
        assertThat(document(stuck).invalidReason()).isEqualTo(InvalidReason.VALIDATION_TIMED_OUT);
        assertThat(DocumentFixtures.upload(stuck.documentId()).exists()).isFalse();
        assertThat(Rows.auditActions(stuck.documentId().toString())).containsExactly("DOCUMENT_CREATED", "DOCUMENT_TIMED_OUT");
        assertThat(eighth.get().documentId()).isNotNull();
    }

    @Test
    void aDocumentValidatingForLessThanADayIsLeftToTheValidator() {
        UploadLink recent = validatingSince(fixtures.aLeadOf(world.fixtures().aCpIn("DL")),
                DocumentRetention.VALIDATING_AT_MOST.minusMinutes(5));

        retention.purge(BUDGET);

        assertThat(document(recent).status()).isEqualTo(DocumentStatus.VALIDATING);
        assertThat(DocumentFixtures.upload(recent.documentId()).exists()).isTrue();
    }

    @Test
    void theUploadOfATimedOutDocumentThatCannotBeDeletedIsRemovedByALaterRun() {
        UploadLink stuck = validatingSince(fixtures.aLeadOf(world.fixtures().aCpIn("DL")), Duration.ofDays(3));
        BlobClient upload = DocumentFixtures.upload(stuck.documentId());
        BlobLeaseClient lease = new BlobLeaseClientBuilder().blobClient(upload).buildClient();
        lease.acquireLease(-1);

        assertThat(retention.purge(BUDGET).retryLater()).isPositive();
        assertThat(document(stuck).invalidReason()).isEqualTo(InvalidReason.VALIDATION_TIMED_OUT);
        assertThat(upload.exists()).isTrue();

        lease.releaseLease();
        claimsExpire(stuck);
        retention.purge(BUDGET);

        assertThat(upload.exists()).isFalse();
        assertThat(Rows.<Object>one("SELECT blobs_removed_at FROM documents WHERE id = ?", stuck.documentId())).isNotNull();
        assertThat(Rows.auditActions(stuck.documentId().toString())).filteredOn("DOCUMENT_TIMED_OUT"::equals).hasSize(1);
    }

    @Test
    void twoRunsAtOnceRemoveOrTimeOutEachDocumentOnce() {
        List<UploadLink> old = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            UploadLink link = aValidDocument();
            uploadedAgo(link, Duration.ofDays(i + 1));
            old.add(link);
        }
        Lead lead = fixtures.aLeadOf(world.fixtures().aCpIn("DL"));
        List<UploadLink> stuck = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            stuck.add(validatingSince(lead, Duration.ofDays(i + 2)));
        }

        CompletableFuture<DocumentRetention.Outcome> first = CompletableFuture.supplyAsync(() -> retention.purge(BUDGET));
        CompletableFuture<DocumentRetention.Outcome> second = CompletableFuture.supplyAsync(() -> retention.purge(BUDGET));
        first.join();
        second.join();

        for (UploadLink link : old) {
            assertThat(recordExists(link)).isFalse();
            assertThat(Rows.auditActions(link.documentId().toString())).filteredOn("DOCUMENT_PURGED"::equals).hasSize(1);
        }
        for (UploadLink link : stuck) {
            assertThat(document(link).invalidReason()).isEqualTo(InvalidReason.VALIDATION_TIMED_OUT);
            assertThat(Rows.auditActions(link.documentId().toString())).filteredOn("DOCUMENT_TIMED_OUT"::equals).hasSize(1);
        }
    }

    @Test
    void aRunResumesWhatACrashedRunHadClaimedOnceItsClaimExpired() {
        UploadLink old = aValidDocument();
        uploadedAgo(old, Duration.ofDays(2));
        Rows.execute("UPDATE documents SET purge_claim = ?, purge_claimed_until = ? WHERE id = ?", UUID.randomUUID(),
                world.clock().instant().plus(Duration.ofMinutes(5)), old.documentId());

        retention.purge(BUDGET);
        assertThat(recordExists(old)).isTrue();

        claimsExpire(old);
        retention.purge(BUDGET);
        assertThat(recordExists(old)).isFalse();
    }

    /** Time passes beyond the claim on the document (the shared clock stays, so links keep working). */
    private static void claimsExpire(UploadLink link) {
        Rows.execute("UPDATE documents SET purge_claimed_until = ? WHERE id = ?", world.clock().instant().minusSeconds(1), link.documentId());
    }
}
