package com.cpnetwork.documents;

import static com.cpnetwork.testing.Fixtures.aPhone;
import static com.cpnetwork.testing.Fixtures.callerOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.azure.storage.blob.models.BlobHttpHeaders;
import com.cpnetwork.leads.Lead;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Page;
import com.cpnetwork.platform.PageRequest;
import com.cpnetwork.platform.Role;
import com.cpnetwork.platform.errors.Conflict;
import com.cpnetwork.platform.errors.Forbidden;
import com.cpnetwork.platform.errors.Invalid;
import com.cpnetwork.platform.errors.NotFound;
import com.cpnetwork.testing.LocalOutbox;
import com.cpnetwork.testing.Rows;
import com.cpnetwork.testing.StorageHttp;
import com.cpnetwork.testing.TestBackend;
import com.cpnetwork.users.NewUser;
import com.cpnetwork.users.User;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** After validation: reading, listing, reviewing, downloading and deleting documents, each only for who may. */
class DocumentLifecycleIT {

    @RegisterExtension
    static final TestBackend world = TestBackend.perTestClass();

    private static DocumentFixtures fixtures;
    private static DocumentService documents;
    private static Caller admin;
    private static User kam;
    private static User otherKam;
    private static User cp;
    private static User otherCp;
    private static Lead lead;
    private static Caller customer;
    private static String customerPhone;

    @BeforeAll
    static void aCpOfAKamWithALeadAndItsCustomer() {
        fixtures = new DocumentFixtures(world);
        documents = fixtures.documents();
        admin = world.fixtures().anOrganization();
        kam = world.fixtures().aKam(admin);
        otherKam = world.fixtures().aKam(admin);
        cp = world.backend().users().createUser(admin, new NewUser(Role.CP, "Chetan", null, aPhone(), null, "MH", kam.id()), false);
        otherCp = world.backend().users().createUser(admin, new NewUser(Role.CP, "Om", null, aPhone(), null, "MH", otherKam.id()), false);
        lead = fixtures.aLeadOf(cp);
        customer = new Caller(lead.customerId(), admin.orgId(), Role.CUSTOMER);
        customerPhone = lead.customerPhone();
    }

    private UploadLink aValidKycDocument(String docType) {
        byte[] pdf = Files.pdf();
        UploadLink link = documents.requestKycUpload(customer, DocumentFixtures.aKycFile(customer.userId(), docType, "application/pdf", pdf));
        assertThat(fixtures.uploadAndInspect(customer, link, pdf).status()).isEqualTo(DocumentStatus.VALID);
        return link;
    }

    private UploadLink aValidLeadDocument(Lead of) {
        byte[] pdf = Files.pdf();
        UploadLink link = documents.requestLeadUpload(admin, DocumentFixtures.aLeadFile(of.id(), pdf));
        fixtures.uploadAndInspect(admin, link, pdf);
        return link;
    }

    @Test
    void approvingAKycDocumentRecordsTheReviewAuditsItAndTellsTheCustomer() {
        UploadLink link = aValidKycDocument("PAN");

        Document approved = documents.reviewKyc(callerOf(kam), link.documentId(), new KycReview(KycReview.Decision.APPROVED, null));

        assertThat(approved.status()).isEqualTo(DocumentStatus.APPROVED);
        assertThat(approved.reviewedBy()).isEqualTo(kam.id());
        assertThat(approved.reviewedAt()).isNotNull();
        assertThat(Rows.auditActions(link.documentId().toString())).endsWith("DOCUMENT_REVIEWED");
        List<LocalOutbox.Message> sms = world.outbox().delivered().stream().filter(message -> message.to().equals(customerPhone)).toList();
        assertThat(sms).extracting(LocalOutbox.Message::body).anySatisfy(body -> assertThat(body).contains("PAN document has been approved"));
    }

    @Test
    void rejectingNeedsAReasonAndTellsTheCustomerToUploadAgain() {
        UploadLink link = aValidKycDocument("AADHAAR");

        assertThat(catchThrowable(() -> new KycReview(KycReview.Decision.REJECTED, " "))).isInstanceOf(Invalid.class);
        Document rejected = documents.reviewKyc(admin, link.documentId(), new KycReview(KycReview.Decision.REJECTED, "The photo is blurred"));

        assertThat(rejected.status()).isEqualTo(DocumentStatus.REJECTED);
        assertThat(rejected.reviewReason()).isEqualTo("The photo is blurred");
        assertThat(world.outbox().delivered()).anySatisfy(message -> {
            assertThat(message.to()).isEqualTo(customerPhone);
            assertThat(message.body()).contains("AADHAAR document could not be accepted");
        });
        assertThat(((Conflict) catchThrowable(() -> documents.downloadLink(customer, link.documentId()))).code()).isEqualTo("DOCUMENT_NOT_AVAILABLE");
    }

    @Test
    void aDocumentIsReviewedOnceOnlyAfterValidationOnlyByStaffWhoSeeTheCustomer() {
        UploadLink link = aValidKycDocument("PASSPORT");
        UploadLink waiting = documents.requestKycUpload(customer, DocumentFixtures.aKycFile(customer.userId(), "BANK_PROOF", "image/png", Files.png()));
        KycReview approve = new KycReview(KycReview.Decision.APPROVED, null);

        assertThat(catchThrowable(() -> documents.reviewKyc(callerOf(cp), link.documentId(), approve))).isInstanceOf(Forbidden.class);
        assertThat(catchThrowable(() -> documents.reviewKyc(customer, link.documentId(), approve))).isInstanceOf(Forbidden.class);
        assertThat(catchThrowable(() -> documents.reviewKyc(callerOf(otherKam), link.documentId(), approve))).isInstanceOf(NotFound.class);
        assertThat(((Conflict) catchThrowable(() -> documents.reviewKyc(admin, waiting.documentId(), approve))).code()).isEqualTo("NOT_VALIDATED");
        documents.reviewKyc(admin, link.documentId(), approve);
        assertThat(((Conflict) catchThrowable(() -> documents.reviewKyc(callerOf(kam), link.documentId(), approve))).code())
                .isEqualTo("ALREADY_REVIEWED");
        UploadLink leadFile = aValidLeadDocument(lead);
        assertThat(catchThrowable(() -> documents.reviewKyc(admin, leadFile.documentId(), approve))).isInstanceOf(NotFound.class);
    }

    @Test
    void aDownloadLinkReadsTheValidatedFileAsItsRealTypeAndOnlyThat() throws Exception {
        byte[] pdf = Files.pdf();
        UploadLink link = documents.requestKycUpload(customer, new NewKycDocument(customer.userId(), "ELECTRICITY_BILL", "bill \"june\".pdf",
                "application/pdf", (long) pdf.length));
        DocumentFixtures.put(link.uploadUrl(), pdf);
        // The uploader may set any content type on the blob; the download answers with the type the content showed.
        DocumentFixtures.upload(link.documentId()).setHttpHeaders(new BlobHttpHeaders().setContentType("text/html"));
        fixtures.inspect(link.documentId());

        DownloadLink download = documents.downloadLink(customer, link.documentId());
        HttpResponse<byte[]> response = StorageHttp.send(HttpRequest.newBuilder(download.url()).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(pdf);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/pdf");
        assertThat(response.headers().firstValue("Content-Disposition")).hasValueSatisfying(value ->
                assertThat(value).startsWith("attachment; filename=\"bill _june_.pdf\"").contains("filename*=UTF-8''bill%20%22june%22.pdf"));
        assertThat(download.expiresAt()).isBeforeOrEqualTo(world.clock().instant().plusSeconds(15 * 60));
        assertThat(download.url().getRawQuery()).contains("sp=r&");
        UploadLink notYet = documents.requestKycUpload(customer, DocumentFixtures.aKycFile(customer.userId(), "GST", "application/pdf", pdf));
        assertThat(((Conflict) catchThrowable(() -> documents.downloadLink(customer, notYet.documentId()))).code())
                .isEqualTo("DOCUMENT_NOT_AVAILABLE");
    }

    @Test
    void anAdminDeletesADocumentWithAReasonItsBlobGoesAndNoLinkIsGivenAfterwards() {
        UploadLink link = aValidLeadDocument(lead);
        assertThat(DocumentFixtures.kept(link.documentId()).exists()).isTrue();

        assertThat(catchThrowable(() -> new DocumentDeletion(null))).isInstanceOf(Invalid.class);
        assertThat(catchThrowable(() -> documents.deleteDocument(callerOf(kam), link.documentId(), new DocumentDeletion("No"))))
                .isInstanceOf(Forbidden.class);
        documents.deleteDocument(admin, link.documentId(), new DocumentDeletion("Uploaded to the wrong lead"));

        assertThat(DocumentFixtures.kept(link.documentId()).exists()).isFalse();
        assertThat(Rows.list("SELECT deleted_by, delete_reason, blobs_removed_at FROM documents WHERE id = ?", link.documentId()))
                .singleElement().satisfies(row -> {
                    assertThat(row.get("deleted_by")).isEqualTo(admin.userId());
                    assertThat(row.get("delete_reason")).isEqualTo("Uploaded to the wrong lead");
                    assertThat(row.get("blobs_removed_at")).isNotNull();
                });
        assertThat(Rows.auditActions(link.documentId().toString())).endsWith("DOCUMENT_DELETED");
        assertThat(catchThrowable(() -> documents.downloadLink(admin, link.documentId()))).isInstanceOf(NotFound.class);
        assertThat(catchThrowable(() -> documents.getDocument(admin, link.documentId()))).isInstanceOf(NotFound.class);
        assertThat(catchThrowable(() -> documents.deleteDocument(admin, link.documentId(), new DocumentDeletion("Again"))))
                .isInstanceOf(NotFound.class);
        assertThat(documents.leadDocuments(admin, lead.id(), PageRequest.of(Optional.empty(), Optional.empty())).items())
                .extracting(Document::id).doesNotContain(link.documentId());
    }

    @Test
    void leadDocumentsAreSeenByWhoSeesTheLeadButNotByItsCustomer() {
        Lead own = fixtures.aLeadOf(cp);
        UploadLink link = aValidLeadDocument(own);

        for (Caller sees : List.of(callerOf(cp), callerOf(kam), admin)) {
            assertThat(documents.getDocument(sees, link.documentId()).leadId()).isEqualTo(own.id());
            assertThat(documents.leadDocuments(sees, own.id(), PageRequest.of(Optional.empty(), Optional.empty())).items())
                    .extracting(Document::id).containsExactly(link.documentId());
        }
        Caller ownCustomer = new Caller(own.customerId(), admin.orgId(), Role.CUSTOMER);
        for (Caller doesNot : List.of(callerOf(otherCp), callerOf(otherKam), ownCustomer)) {
            assertThat(catchThrowable(() -> documents.getDocument(doesNot, link.documentId()))).isInstanceOf(NotFound.class);
        }
        assertThat(catchThrowable(() -> documents.leadDocuments(callerOf(otherCp), own.id(), PageRequest.of(Optional.empty(), Optional.empty()))))
                .isInstanceOf(NotFound.class);
        assertThat(catchThrowable(() -> documents.leadDocuments(ownCustomer, own.id(), PageRequest.of(Optional.empty(), Optional.empty()))))
                .isInstanceOf(Forbidden.class);
    }

    @Test
    void kycDocumentsAreListedForTheCustomerNewestFirstPageByPage() {
        Lead own = fixtures.aLeadOf(cp);
        Caller ownCustomer = new Caller(own.customerId(), admin.orgId(), Role.CUSTOMER);
        List<UUID> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(documents.requestKycUpload(ownCustomer, DocumentFixtures.aKycFile(ownCustomer.userId(), "DOC_" + i, "image/jpeg", Files.jpeg()))
                    .documentId());
            world.clock().advance(Duration.ofSeconds(1));
        }
        List<UUID> listed = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            Page<Document> page = documents.kycDocuments(callerOf(kam), ownCustomer.userId(), PageRequest.of(Optional.of("2"), cursor));
            page.items().forEach(document -> listed.add(document.id()));
            cursor = Optional.ofNullable(page.nextCursor());
        } while (cursor.isPresent());

        Collections.reverse(made);
        assertThat(listed).containsExactlyElementsOf(made);
        assertThat(documents.kycDocuments(ownCustomer, ownCustomer.userId(), PageRequest.of(Optional.empty(), Optional.empty())).items()).hasSize(5);
        assertThat(catchThrowable(() -> documents.kycDocuments(customer, ownCustomer.userId(), PageRequest.of(Optional.empty(), Optional.empty()))))
                .isInstanceOf(NotFound.class);
        assertThat(catchThrowable(() -> documents.kycDocuments(callerOf(otherCp), ownCustomer.userId(),
                PageRequest.of(Optional.empty(), Optional.empty())))).isInstanceOf(NotFound.class);
    }

    @Test
    void aCursorWhosePositionIsNotADocumentsIsRefusedNamingTheCursor() {
        Lead own = fixtures.aLeadOf(cp);
        PageRequest forged = new PageRequest(2, Optional.of(new PageRequest.Position(world.clock().instant(), "5b6b4fa7")));

        Throwable kyc = catchThrowable(() -> documents.kycDocuments(callerOf(kam), own.customerId(), forged));
        Throwable lead = catchThrowable(() -> documents.leadDocuments(callerOf(kam), own.id(), forged));

        assertThat(kyc).isInstanceOf(Invalid.class);
        assertThat(((Invalid) kyc).details()).containsKey("cursor");
        assertThat(lead).isInstanceOf(Invalid.class);
        assertThat(((Invalid) lead).details()).containsKey("cursor");
    }
}
