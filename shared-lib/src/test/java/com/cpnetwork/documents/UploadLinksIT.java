package com.cpnetwork.documents;

import static com.cpnetwork.testing.Fixtures.aPhone;
import static com.cpnetwork.testing.Fixtures.callerOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.cpnetwork.leads.Lead;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Role;
import com.cpnetwork.platform.errors.Conflict;
import com.cpnetwork.platform.errors.Forbidden;
import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.platform.errors.NotFound;
import com.cpnetwork.testing.Rows;
import com.cpnetwork.testing.TestBackend;
import com.cpnetwork.users.NewUser;
import com.cpnetwork.users.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Upload links: who may ask for one, what a declaration may say, the blob name and the link's rights, and the limit of
 * seven live documents per lead, also when twenty requests race for it.
 */
class UploadLinksIT {

    @RegisterExtension
    static final TestBackend world = TestBackend.perTestClass();

    private static DocumentFixtures fixtures;
    private static DocumentService documents;
    private static Caller admin;
    private static User kam;
    private static User cp;
    private static User otherCp;
    private static Lead lead;
    private static Caller customer;
    private static Caller otherAdmin;
    private static Lead otherOrganizationsLead;

    @BeforeAll
    static void anOrganizationWithACpALeadAndItsCustomer() {
        fixtures = new DocumentFixtures(world);
        documents = fixtures.documents();
        admin = world.fixtures().anOrganization();
        kam = world.fixtures().aKam(admin);
        cp = world.backend().users().createUser(admin, new NewUser(Role.CP, "Chetan", null, aPhone(), null,
                "MH", kam.id()), false);
        otherCp = world.fixtures().aCpIn(admin, "MH");
        lead = fixtures.aLeadOf(cp);
        customer = new Caller(lead.customerId(), admin.orgId(), Role.CUSTOMER);
        otherAdmin = world.fixtures().anOrganization();
        otherOrganizationsLead = fixtures.aLeadOf(world.fixtures().aCpIn(otherAdmin, "MH"));
    }

    @Test
    void aLinkNamesAGeneratedBlobAndGrantsCreateAndWriteOnlyForMinutes() {
        Instant before = world.clock().instant();
        UploadLink link = documents.requestLeadUpload(callerOf(cp), new NewLeadDocument(lead.id(), "SITE_PHOTO", "..%2F..%2Fetc%2Fpasswd.pdf",
                "application/pdf", 1000L));

        String query = link.uploadUrl().getRawQuery();
        assertThat(link.uploadUrl().getPath()).endsWith("/uploads/" + admin.orgId() + "/" + link.documentId());
        assertThat(query).contains("sp=cw").contains("sr=b");
        assertThat(link.expiresAt()).isAfter(before).isBeforeOrEqualTo(before.plus(Duration.ofMinutes(15)));
        assertThat(link.uploadHeaders()).containsEntry("x-ms-blob-type", "BlockBlob");
        Document document = documents.getDocument(callerOf(cp), link.documentId());
        assertThat(document.status()).isEqualTo(DocumentStatus.AWAITING_UPLOAD);
        assertThat(document.fileName()).isEqualTo("..%2F..%2Fetc%2Fpasswd.pdf");
        assertThat(Rows.auditActions(link.documentId().toString())).containsExactly("DOCUMENT_CREATED");
    }

    @Test
    void fileNamesWithFoldersOrOf1000CharactersAreRefusedNamingTheField() {
        for (String name : List.of("../../etc/passwd", "C:\\fakepath\\aadhaar.pdf", "scans/aadhaar.pdf", "..", "x".repeat(1000), " ")) {
            Throwable refused = catchThrowable(() -> new NewLeadDocument(lead.id(), "SITE_PHOTO", name, "application/pdf", 10L));
            assertThat(refused).as(name).isInstanceOf(Invalid.class);
            assertThat(((Invalid) refused).details()).as(name).containsKey("fileName");
        }
    }

    @Test
    void fileNamesWithALineBreakOrATabAreRefusedNamingTheField() {
        for (String name : List.of("scan.pdf\r\nX-Injected: 1", "scan\n.pdf", "scan\t.pdf", "\r")) {
            Throwable refused = catchThrowable(() -> new NewKycDocument(customer.userId(), "PAN", name, "application/pdf", 10L));
            assertThat(refused).as(name).isInstanceOf(Invalid.class);
            assertThat(((Invalid) refused).details()).as(name).containsKey("fileName");
        }
    }

    @Test
    void everyMalformedDeclarationIsNamedAtOnce() {
        Invalid refused = (Invalid) catchThrowable(() -> new NewKycDocument(null, "aadhaar card", "", null, 0L));
        assertThat(refused.details()).containsOnlyKeys("customerId", "docType", "fileName", "contentType", "sizeBytes");
    }

    @Test
    void aDeclaredSizeOver10MbOrATypeOtherThanPdfJpegPngIsAConflict() {
        Conflict tooLarge = (Conflict) catchThrowable(() -> documents.requestLeadUpload(callerOf(cp),
                new NewLeadDocument(lead.id(), "SITE_PHOTO", "big.pdf", "application/pdf", UploadValidator.MAX_SIZE_BYTES + 1)));
        Conflict executable = (Conflict) catchThrowable(() -> documents.requestKycUpload(customer,
                new NewKycDocument(customer.userId(), "PAN", "pan.exe", "application/x-msdownload", 100L)));
        Conflict html = (Conflict) catchThrowable(() -> documents.requestKycUpload(customer,
                new NewKycDocument(customer.userId(), "PAN", "pan.pdf", "text/html", 100L)));

        assertThat(tooLarge.code()).isEqualTo("FILE_TOO_LARGE");
        assertThat(executable.code()).isEqualTo("UNSUPPORTED_TYPE");
        assertThat(html.code()).isEqualTo("UNSUPPORTED_TYPE");
        assertThat(documents.requestLeadUpload(callerOf(cp), new NewLeadDocument(lead.id(), "SITE_PHOTO", "exact.jpg", "image/jpeg",
                UploadValidator.MAX_SIZE_BYTES)).documentId()).isNotNull();
    }

    @Test
    void leadDocumentsAreForTheLeadsCpItsKamAndAdminsOnly() {
        Lead own = fixtures.aLeadOf(cp);
        NewLeadDocument file = DocumentFixtures.aLeadFile(own.id(), Files.pdf());

        assertThat(documents.requestLeadUpload(callerOf(kam), file).documentId()).isNotNull();
        assertThat(documents.requestLeadUpload(admin, file).documentId()).isNotNull();
        assertThat(catchThrowable(() -> documents.requestLeadUpload(callerOf(otherCp), file))).isInstanceOf(NotFound.class);
        assertThat(catchThrowable(() -> documents.requestLeadUpload(customer, file))).isInstanceOf(Forbidden.class);
        assertThat(catchThrowable(() -> documents.requestLeadUpload(admin, DocumentFixtures.aLeadFile(otherOrganizationsLead.id(), Files.pdf()))))
                .isInstanceOf(NotFound.class);
        assertThat(catchThrowable(() -> documents.requestLeadUpload(admin, DocumentFixtures.aLeadFile("LEAD-0", Files.pdf()))))
                .isInstanceOf(NotFound.class);
    }

    @Test
    void kycDocumentsAreForTheCustomerAndWhoeverSeesThem() {
        NewKycDocument file = DocumentFixtures.aKycFile(customer.userId(), "AADHAAR", "application/pdf", Files.pdf());
        User strangerCustomer = world.fixtures().aCustomer(admin, aPhone());

        for (Caller allowed : List.of(customer, callerOf(cp), callerOf(kam), admin)) {
            assertThat(documents.requestKycUpload(allowed, file).documentId()).isNotNull();
        }
        for (Caller refused : List.of(callerOf(otherCp), callerOf(strangerCustomer), otherAdmin)) {
            assertThat(catchThrowable(() -> documents.requestKycUpload(refused, file))).as(refused.toString()).isInstanceOf(NotFound.class);
        }
        UUID otherOrganizationsCustomer = otherOrganizationsLead.customerId();
        assertThat(catchThrowable(() -> documents.requestKycUpload(admin,
                DocumentFixtures.aKycFile(otherOrganizationsCustomer, "PAN", "application/pdf", Files.pdf())))).isInstanceOf(NotFound.class);
    }

    @Test
    void theEighthLiveDocumentOfALeadIsRefusedButInvalidDeletedAndExpiredOnesDoNotCount() {
        Lead full = fixtures.aLeadOf(cp);
        List<UploadLink> links = new ArrayList<>();
        for (int i = 0; i < DocumentService.MAX_LIVE_LEAD_DOCUMENTS; i++) {
            links.add(documents.requestLeadUpload(callerOf(cp), DocumentFixtures.aLeadFile(full.id(), Files.pdf())));
        }
        Supplier<Throwable> eighth = () -> catchThrowable(() -> documents.requestLeadUpload(callerOf(cp), DocumentFixtures.aLeadFile(full.id(), Files.pdf())));
        assertThat(((Conflict) eighth.get()).code()).isEqualTo("MAX_DOCUMENTS");

        fixtures.uploadAndInspect(callerOf(cp), links.get(0), Files.executable());
        assertThat(documents.getDocument(admin, links.get(0).documentId()).status()).isEqualTo(DocumentStatus.INVALID);
        UploadLink afterInvalid = documents.requestLeadUpload(callerOf(cp), DocumentFixtures.aLeadFile(full.id(), Files.pdf()));
        assertThat(((Conflict) eighth.get()).code()).isEqualTo("MAX_DOCUMENTS");

        documents.deleteDocument(admin, links.get(1).documentId(), new DocumentDeletion("Uploaded to the wrong lead"));
        documents.requestLeadUpload(callerOf(cp), DocumentFixtures.aLeadFile(full.id(), Files.pdf()));
        assertThat(((Conflict) eighth.get()).code()).isEqualTo("MAX_DOCUMENTS");

        Rows.execute("UPDATE documents SET link_expires_at = ? WHERE id = ?",
                world.clock().instant().minus(DocumentService.ARRIVAL_GRACE).minusSeconds(1), afterInvalid.documentId());
        assertThat(documents.requestLeadUpload(callerOf(cp), DocumentFixtures.aLeadFile(full.id(), Files.pdf())).documentId()).isNotNull();
        assertThat(((Conflict) eighth.get()).code()).isEqualTo("MAX_DOCUMENTS");
        assertThat(Rows.count("SELECT count(*) FROM documents WHERE lead_id = ?", full.id())).isEqualTo(10);
    }

    @Test
    void twentyRequestsAtOnceForAnEmptyLeadCreateExactlySevenDocuments() throws Exception {
        Lead raced = fixtures.aLeadOf(cp);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Callable<String> request = () -> {
                    start.await();
                    try {
                        documents.requestLeadUpload(callerOf(cp), DocumentFixtures.aLeadFile(raced.id(), Files.pdf()));
                        return "CREATED";
                    } catch (Conflict conflict) {
                        return conflict.code();
                    }
                };
                answers.add(pool.submit(request));
            }
            start.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> answer : answers) {
                outcomes.add(answer.get());
            }
            assertThat(outcomes).filteredOn("CREATED"::equals).hasSize(7);
            assertThat(outcomes).filteredOn("MAX_DOCUMENTS"::equals).hasSize(13);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Rows.count("SELECT count(*) FROM documents WHERE lead_id = ?", raced.id())).isEqualTo(7);
    }

    @Test
    void kycDocumentsDoNotCountTowardTheLeadLimit() {
        Lead lead = fixtures.aLeadOf(cp);
        for (int i = 0; i < 10; i++) {
            documents.requestKycUpload(callerOf(cp), DocumentFixtures.aKycFile(lead.customerId(), "PHOTO_" + i, "image/png", Files.png()));
        }
        for (int i = 0; i < DocumentService.MAX_LIVE_LEAD_DOCUMENTS; i++) {
            documents.requestLeadUpload(callerOf(cp), DocumentFixtures.aLeadFile(lead.id(), Files.pdf()));
        }
        assertThat(Rows.count("SELECT count(*) FROM documents WHERE lead_id = ?", lead.id())).isEqualTo(7);
    }

    @Test
    void aRejectedKycDocumentOfTheSameTypeIsReopenedUnderTheSameIdAndItsNewUploadReplacesTheOldFile() {
        NewKycDocument first = DocumentFixtures.aKycFile(customer.userId(), "VOTER_ID", "application/pdf", Files.pdf());
        UploadLink link = documents.requestKycUpload(customer, first);
        fixtures.uploadAndInspect(customer, link, Files.pdf());
        documents.reviewKyc(callerOf(kam), link.documentId(), new KycReview(KycReview.Decision.REJECTED, "Blurred"));

        byte[] sharper = Files.pdf("% a sharper scan\n");
        UploadLink again = documents.requestKycUpload(customer, new NewKycDocument(customer.userId(), "VOTER_ID", "voter-id-2.pdf",
                "application/pdf", (long) sharper.length));
        Document reopened = documents.getDocument(customer, again.documentId());

        assertThat(again.documentId()).isEqualTo(link.documentId());
        assertThat(reopened.status()).isEqualTo(DocumentStatus.AWAITING_UPLOAD);
        assertThat(reopened.fileName()).isEqualTo("voter-id-2.pdf");
        assertThat(reopened.reviewReason()).isNull();
        assertThat(fixtures.uploadAndInspect(customer, again, sharper).status()).isEqualTo(DocumentStatus.VALID);
        assertThat(DocumentFixtures.keptContent(link.documentId())).isEqualTo(sharper);
        assertThat(Rows.count("SELECT count(*) FROM documents WHERE customer_id = ? AND doc_type = 'VOTER_ID'", customer.userId())).isEqualTo(1);
        assertThat(Rows.auditActions(link.documentId().toString())).containsSubsequence("DOCUMENT_REVIEWED", "DOCUMENT_REOPENED",
                "DOCUMENT_UPLOADED", "DOCUMENT_VALIDATED");
        assertThat(documents.requestKycUpload(customer, first).documentId()).isNotEqualTo(link.documentId());
    }

    @Test
    void documentsOfAnotherOrganizationAreNotFound() {
        UploadLink link = documents.requestLeadUpload(callerOf(cp), DocumentFixtures.aLeadFile(lead.id(), Files.pdf()));
        assertThat(catchThrowable(() -> documents.getDocument(otherAdmin, link.documentId()))).isInstanceOf(NotFound.class);
    }
}
