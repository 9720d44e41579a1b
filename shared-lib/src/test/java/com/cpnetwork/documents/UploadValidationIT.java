package com.cpnetwork.documents;

import static com.cpnetwork.testing.Fixtures.callerOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobClientBuilder;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.specialized.BlockBlobClient;
import com.azure.storage.blob.specialized.PageBlobClient;
import com.cpnetwork.leads.Lead;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.storage.StorageLayout;
import com.cpnetwork.platform.storage.StorageSettings;
import com.cpnetwork.testing.MutableClock;
import com.cpnetwork.testing.Rows;
import com.cpnetwork.testing.StallingProxy;
import com.cpnetwork.testing.TestBackend;
import com.cpnetwork.testing.TestInfrastructure;
import com.cpnetwork.users.User;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the validator makes of what lands in the uploads container: good files become VALID and move where no link can
 * reach them; each bad input becomes INVALID with its reason and is deleted; uploads nobody waits for are deleted.
 */
class UploadValidationIT {

    /** Between the backend and the blob service, to count what the validator reads. */
    private static final StallingProxy blobService = StallingProxy.to(blobPort());

    @RegisterExtension
    static final TestBackend world = TestBackend.perTestClass(MutableClock.startingNow(),
            Map.of(StorageSettings.NAME, TestInfrastructure.get().settings().get(StorageSettings.NAME)
                    .replace("127.0.0.1:" + blobPort() + "/", "127.0.0.1:" + blobService.port() + "/")));

    private static int blobPort() {
        Matcher port = Pattern.compile("BlobEndpoint=http://127\\.0\\.0\\.1:(\\d+)/")
                .matcher(TestInfrastructure.get().settings().get(StorageSettings.NAME));
        if (!port.find()) {
            throw new IllegalStateException("The test storage has no local blob endpoint");
        }
        return Integer.parseInt(port.group(1));
    }

    private static DocumentFixtures fixtures;
    private static DocumentService documents;
    private static User cp;
    private static Caller caller;
    private static Lead lead;

    @BeforeAll
    static void aCpWithALead() {
        fixtures = new DocumentFixtures(world);
        documents = fixtures.documents();
        world.fixtures().anOrganization();
        cp = world.fixtures().aCpIn("KA");
        caller = callerOf(cp);
        lead = fixtures.aLeadOf(cp);
    }

    /** A link for a PDF handed out half an hour ago: expired by now. */
    private UploadLink aPdfLinkMadeHalfAnHourAgo() {
        world.clock().advance(Duration.ofMinutes(-30));
        try {
            return linkFor("application/pdf", "late.pdf", Files.pdf().length);
        } finally {
            world.clock().advance(Duration.ofMinutes(30));
        }
    }

    private UploadLink linkFor(String contentType, String fileName, long size) {
        Lead own = fixtures.aLeadOf(cp);
        return documents.requestLeadUpload(caller, new NewLeadDocument(own.id(), "SITE_PHOTO", fileName, contentType, size));
    }

    private Document uploaded(String contentType, String fileName, byte[] content) {
        return fixtures.uploadAndInspect(caller, linkFor(contentType, fileName, content.length), content);
    }

    @Test
    void aGoodFileBecomesValidAndMovesOutOfTheUploadsContainer() {
        byte[] pdf = Files.pdf();
        UploadLink link = linkFor("application/pdf", "roof.pdf", pdf.length);

        Document valid = fixtures.uploadAndInspect(caller, link, pdf);

        assertThat(valid.status()).isEqualTo(DocumentStatus.VALID);
        assertThat(valid.invalidReason()).isNull();
        assertThat(valid.uploadedAt()).isNotNull();
        assertThat(DocumentFixtures.keptContent(link.documentId())).isEqualTo(pdf);
        assertThat(DocumentFixtures.upload(link.documentId()).exists()).isFalse();
        assertThat(Rows.auditActions(link.documentId().toString())).containsExactly("DOCUMENT_CREATED", "DOCUMENT_UPLOADED", "DOCUMENT_VALIDATED");
    }

    @Test
    void pngAndJpegFilesDeclaredAsSuchAreValid() {
        assertThat(uploaded("image/png", "meter.png", Files.png()).status()).isEqualTo(DocumentStatus.VALID);
        assertThat(uploaded("image/jpeg", "roof.jpg", Files.jpeg()).status()).isEqualTo(DocumentStatus.VALID);
    }

    @Test
    void eachBadFileIsRefusedWithItsReasonAndDeleted() {
        record Bad(String contentType, String fileName, byte[] content, InvalidReason reason) {
        }
        List<Bad> bad = List.of(
                new Bad("application/pdf", "scan.pdf", Files.png(), InvalidReason.TYPE_MISMATCH),
                new Bad("image/png", "photo.png", Files.jpeg(), InvalidReason.TYPE_MISMATCH),
                new Bad("application/pdf", "invoice.pdf", Files.executable(), InvalidReason.UNSUPPORTED_CONTENT),
                new Bad("application/pdf", "notes.pdf", "just some text".getBytes(), InvalidReason.UNSUPPORTED_CONTENT),
                new Bad("application/pdf", "form.pdf", Files.pdfWithJavaScript(), InvalidReason.ACTIVE_CONTENT));
        for (Bad file : bad) {
            UploadLink link = linkFor(file.contentType(), file.fileName(), file.content().length);
            Document refused = fixtures.uploadAndInspect(caller, link, file.content());

            assertThat(refused.status()).as(file.fileName()).isEqualTo(DocumentStatus.INVALID);
            assertThat(refused.invalidReason()).as(file.fileName()).isEqualTo(file.reason());
            assertThat(DocumentFixtures.upload(link.documentId()).exists()).as(file.fileName()).isFalse();
            assertThat(DocumentFixtures.kept(link.documentId()).exists()).as(file.fileName()).isFalse();
            assertThat(Rows.auditActions(link.documentId().toString())).as(file.fileName()).endsWith("DOCUMENT_REFUSED");
        }
    }

    @Test
    void aZeroByteFileAndAFileOfAnotherSizeThanDeclaredAreRefused() {
        UploadLink empty = linkFor("application/pdf", "empty.pdf", 100);
        assertThat(fixtures.uploadAndInspect(caller, empty, new byte[0]).invalidReason()).isEqualTo(InvalidReason.EMPTY_FILE);

        UploadLink longer = linkFor("application/pdf", "short.pdf", 100);
        assertThat(fixtures.uploadAndInspect(caller, longer, Files.pdfOfSize(5000)).invalidReason()).isEqualTo(InvalidReason.SIZE_MISMATCH);
    }

    @Test
    void aFiveGigabyteBlobIsRefusedByItsPropertiesWithoutAByteOfItBeingRead() {
        UploadLink link = linkFor("application/pdf", "huge.pdf", 1000);
        // A sparse page blob: storage reports 5 GiB although almost nothing was written. The link cannot create one (it
        // grants create and write on a block blob's content), so the test writes it with the account key.
        PageBlobClient huge = DocumentFixtures.upload(link.documentId()).getPageBlobClient();
        huge.create(5L * 1024 * 1024 * 1024);
        blobService.resetCount();

        fixtures.inspect(link.documentId());

        assertThat(documents.getDocument(caller, link.documentId()).invalidReason()).isEqualTo(InvalidReason.TOO_LARGE);
        assertThat(huge.exists()).isFalse();
        assertThat(blobService.bytesFromTarget()).as("bytes received from storage: properties and delete answers only").isLessThan(8 * 1024);
    }

    @Test
    void aValidTenMegabyteFileIsJudgedOnItsFirst64KiBAndCopiedInsideStorage() {
        byte[] tenMegabytes = Files.pdfOfSize((int) UploadValidator.MAX_SIZE_BYTES);
        UploadLink link = linkFor("application/pdf", "survey.pdf", tenMegabytes.length);
        assertThat(DocumentFixtures.put(link.uploadUrl(), tenMegabytes)).isEqualTo(201);
        blobService.resetCount();

        fixtures.inspect(link.documentId());

        assertThat(documents.getDocument(caller, link.documentId()).status()).isEqualTo(DocumentStatus.VALID);
        assertThat(blobService.bytesFromTarget()).as("bytes received from storage").isBetween((long) UploadValidator.HEAD_BYTES,
                UploadValidator.HEAD_BYTES + 8 * 1024L);
        assertThat(DocumentFixtures.kept(link.documentId()).getProperties().getBlobSize()).isEqualTo(tenMegabytes.length);
    }

    @Test
    void aBlobOfAnotherKindThanAFileIsRefused() {
        UploadLink link = linkFor("application/pdf", "log.pdf", 512);
        PageBlobClient pages = DocumentFixtures.upload(link.documentId()).getPageBlobClient();
        pages.create(512);
        fixtures.inspect(link.documentId());
        assertThat(documents.getDocument(caller, link.documentId()).invalidReason()).isEqualTo(InvalidReason.NOT_A_FILE);

        UploadLink blockLink = linkFor("application/pdf", "big.pdf", 1000);
        BlockBlobClient blocks = DocumentFixtures.upload(blockLink.documentId()).getBlockBlobClient();
        String block = Base64.getEncoder().encodeToString("block-0".getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = Files.pdfOfSize(4 * 1024 * 1024);
        blocks.stageBlock(block, new ByteArrayInputStream(chunk), chunk.length);
        blocks.commitBlockList(List.of(block, block, block));
        fixtures.inspect(blockLink.documentId());
        assertThat(documents.getDocument(caller, blockLink.documentId()).invalidReason()).isEqualTo(InvalidReason.TOO_LARGE);
    }

    @Test
    void aSecondUploadThroughTheSameLinkAfterValidationIsDeletedAndTheValidatedFileStays() {
        byte[] pdf = Files.pdf();
        UploadLink link = linkFor("application/pdf", "roof.pdf", pdf.length);
        fixtures.uploadAndInspect(caller, link, pdf);

        byte[] replacement = Files.pdf("% replaced\n");
        assertThat(DocumentFixtures.put(link.uploadUrl(), replacement)).isEqualTo(201);
        fixtures.inspect(link.documentId());

        assertThat(DocumentFixtures.upload(link.documentId()).exists()).isFalse();
        assertThat(DocumentFixtures.keptContent(link.documentId())).isEqualTo(pdf);
        assertThat(documents.getDocument(caller, link.documentId()).status()).isEqualTo(DocumentStatus.VALID);
    }

    @Test
    void aLinkUsedAfterItExpiredIsRefusedByStorage() {
        UploadLink link = aPdfLinkMadeHalfAnHourAgo();
        assertThat(DocumentFixtures.put(link.uploadUrl(), Files.pdf())).isEqualTo(403);
        assertThat(DocumentFixtures.upload(link.documentId()).exists()).isFalse();
    }

    @Test
    void aBlobWrittenAfterItsLinkExpiredIsDeletedAndTheDocumentStaysUnused() {
        UploadLink link = aPdfLinkMadeHalfAnHourAgo();
        DocumentFixtures.writeWithoutLink(DocumentFixtures.blobName(link.documentId()), Files.pdf());

        fixtures.inspect(link.documentId());

        assertThat(DocumentFixtures.upload(link.documentId()).exists()).isFalse();
        assertThat(documents.getDocument(caller, link.documentId()).status()).isEqualTo(DocumentStatus.AWAITING_UPLOAD);
    }

    @Test
    void uploadsNoDocumentWaitsForAreDeleted() {
        String unknownDocument = world.fixtures().admin().orgId() + "/" + UUID.randomUUID();
        String notOurName = "../" + UUID.randomUUID() + ".exe";
        for (String name : List.of(unknownDocument, notOurName)) {
            DocumentFixtures.writeWithoutLink(name, Files.pdf());
            fixtures.inspection().inspect(name);
            assertThat(DocumentFixtures.storage().container(StorageLayout.UPLOADS).getBlobClient(name).exists()).as(name).isFalse();
        }
    }

    @Test
    void aTriggerThatFiresTwiceOrTwentyTimesAtOnceValidatesOnce() throws Exception {
        byte[] pdf = Files.pdf();
        UploadLink link = linkFor("application/pdf", "roof.pdf", pdf.length);
        assertThat(DocumentFixtures.put(link.uploadUrl(), pdf)).isEqualTo(201);
        String name = DocumentFixtures.blobName(link.documentId());

        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                runs.add(pool.submit(() -> fixtures.inspection().inspect(name)));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
        fixtures.inspection().inspect(name);

        assertThat(documents.getDocument(caller, link.documentId()).status()).isEqualTo(DocumentStatus.VALID);
        assertThat(Rows.auditActions(link.documentId().toString())).containsExactly("DOCUMENT_CREATED", "DOCUMENT_UPLOADED", "DOCUMENT_VALIDATED");
        assertThat(DocumentFixtures.keptContent(link.documentId())).isEqualTo(pdf);
    }

    @Test
    void aNewerUploadThroughTheLinkWhileTheFirstIsBeingValidatedIsValidatedInstead() {
        byte[] first = Files.pdf();
        UploadLink link = linkFor("application/pdf", "roof.pdf", first.length);
        assertThat(DocumentFixtures.put(link.uploadUrl(), first)).isEqualTo(201);
        String firstVersion = DocumentFixtures.upload(link.documentId()).getProperties().getETag().replace("\"", "");
        // The first version's trigger has admitted it and not read it yet when the app uploads again.
        Rows.execute("UPDATE documents SET status = 'VALIDATING', upload_etag = ?, uploaded_at = now() WHERE id = ?", firstVersion,
                link.documentId());
        byte[] second = Arrays.copyOf(Files.pdf("%%second\n"), first.length);
        assertThat(DocumentFixtures.put(link.uploadUrl(), second)).isEqualTo(201);

        fixtures.inspect(link.documentId());

        assertThat(documents.getDocument(caller, link.documentId()).status()).isEqualTo(DocumentStatus.VALID);
        assertThat(DocumentFixtures.keptContent(link.documentId())).isEqualTo(second);
    }

    @Test
    void theUploadsContainerCannotBeReadOrListedThroughALink() {
        UploadLink link = linkFor("application/pdf", "roof.pdf", Files.pdf().length);
        assertThat(DocumentFixtures.put(link.uploadUrl(), Files.pdf())).isEqualTo(201);
        BlobClient throughLink = new BlobClientBuilder().endpoint(link.uploadUrl().toString()).buildClient();
        try {
            throughLink.downloadContent();
            throw new AssertionError("The upload link could read the blob");
        } catch (BlobStorageException e) {
            assertThat(e.getStatusCode()).isEqualTo(403);
        }
    }
}
