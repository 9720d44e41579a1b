package com.cpnetwork.quotations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.azure.storage.blob.BlobClient;
import com.cpnetwork.leads.Lead;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.errors.Conflict;
import com.cpnetwork.platform.storage.StorageLayout;
import com.cpnetwork.testing.Rows;
import com.cpnetwork.testing.StorageHttp;
import com.cpnetwork.testing.TestBackend;
import com.cpnetwork.testing.TestInfrastructure;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The proposal job as the queue consumer runs it, against real Blob storage: rendered once, stored with its hash,
 * duplicates ignored, failures visible and retried on request.
 */
class ProposalJobsIT {

    @RegisterExtension
    static final TestBackend world = TestBackend.perTestClass();

    private static QuotationFixtures fixtures;
    private static ProposalJobs jobs;
    private static Caller admin;

    private Caller cp;
    private Quotation quotation;

    @BeforeAll
    static void anOrganization() {
        fixtures = new QuotationFixtures(world);
        jobs = world.backend().proposalJobs();
        admin = fixtures.anOrganizationInMaharashtra();
    }

    @BeforeEach
    void aFinalQuotation() {
        cp = fixtures.aCp(admin, "MH");
        Lead lead = fixtures.aLeadOf(cp, "MH");
        quotation = fixtures.aFinalQuotation(cp, lead);
    }

    @Test
    void theJobRendersStoresAndRecordsTheProposalWhoseLinkDownloadsIt() throws Exception {
        jobs.render(jobOf(quotation.id()));

        Quotation ready = fixtures.quotations().getQuotation(cp, quotation.id());
        assertThat(ready.pdfStatus()).isEqualTo("READY");
        String path = Rows.one("SELECT pdf_path FROM quotation_versions WHERE quotation_id = ? AND version = 1", quotation.id());
        assertThat(path).isEqualTo(admin.orgId() + "/" + quotation.id() + "/v1.pdf");
        byte[] stored = blob(path).downloadContent().toBytes();
        assertThat(QuotationContent.sha256(stored)).isEqualTo(ready.pdfSha256());
        assertThat(blob(path).getProperties().getContentType()).isEqualTo("application/pdf");
        assertThat(Rows.<String>one("SELECT status FROM outbox WHERE id = ?", jobOf(quotation.id()))).isEqualTo("DONE");

        Proposal proposal = fixtures.quotations().proposal(cp, quotation.id());
        HttpResponse<byte[]> download = StorageHttp.send(HttpRequest.newBuilder(proposal.url()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(stored);
        try (PDDocument pdf = Loader.loadPDF(download.body())) {
            assertThat(new PDFTextStripper().getText(pdf)).contains(quotation.contentSha256()).contains(quotation.id());
            assertThat(pdf.getDocumentInformation().getCustomMetadataValue("ContentSHA256")).isEqualTo(quotation.contentSha256());
        }
    }

    @Test
    void aDuplicateMessageRendersNothingTwice() {
        UUID job = jobOf(quotation.id());
        jobs.render(job);
        String path = Rows.one("SELECT pdf_path FROM quotation_versions WHERE quotation_id = ?", quotation.id());
        String etag = blob(path).getProperties().getETag();

        jobs.render(job);

        assertThat(blob(path).getProperties().getETag()).isEqualTo(etag);
        assertThat(Rows.<String>one("SELECT pdf_status FROM quotation_versions WHERE quotation_id = ?", quotation.id())).isEqualTo("READY");
    }

    @Test
    void whenTheQueueGivesUpTheProposalIsFailedUntilAskedForAgain() {
        UUID job = jobOf(quotation.id());

        jobs.giveUp(job);

        assertThat(fixtures.quotations().getQuotation(cp, quotation.id()).pdfStatus()).isEqualTo("FAILED");
        assertThat(catchThrowable(() -> fixtures.quotations().proposal(cp, quotation.id())))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.code()).isEqualTo("PDF_FAILED"));

        assertThat(fixtures.quotations().requestProposal(cp, quotation.id()).pdfStatus()).isEqualTo("PENDING");
        List<UUID> requested = Rows.column("SELECT id FROM outbox WHERE queue = 'pdf-jobs' AND payload->>'quotationId' = ? AND status <> 'FAILED'",
                quotation.id());
        assertThat(requested).hasSize(1);
        jobs.render(requested.get(0));

        assertThat(fixtures.quotations().getQuotation(cp, quotation.id()).pdfStatus()).isEqualTo("READY");
        assertThat(catchThrowable(() -> fixtures.quotations().requestProposal(cp, quotation.id())))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.code()).isEqualTo("PDF_READY"));
    }

    @Test
    void anAcceptanceAfterRenderingBindsTheProposalsHash() {
        jobs.render(jobOf(quotation.id()));
        Quotation shared = fixtures.quotations().shareQuotation(cp, quotation.id());
        Lead lead = world.backend().leads().getLead(cp, shared.leadId());

        fixtures.quotations().acceptQuotation(QuotationFixtures.customerOf(lead), shared.id(), false, null, QuotationFixtures.from());

        Acceptance evidence = fixtures.quotations().acceptance(admin, shared.id());
        assertThat(evidence.pdfSha256()).isEqualTo(fixtures.quotations().getQuotation(cp, shared.id()).pdfSha256()).isNotNull();
        assertThat(evidence.contentSha256()).isEqualTo(shared.contentSha256());
    }

    private static UUID jobOf(String quotationId) {
        return Rows.one("SELECT id FROM outbox WHERE queue = 'pdf-jobs' AND payload->>'quotationId' = ? ORDER BY created_at LIMIT 1",
                quotationId);
    }

    private static BlobClient blob(String path) {
        return TestInfrastructure.get().storage().container(StorageLayout.PROPOSALS).getBlobClient(path);
    }
}
