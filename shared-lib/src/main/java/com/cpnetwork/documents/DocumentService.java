package com.cpnetwork.documents;

import com.cpnetwork.audit.AuditEntry;
import com.cpnetwork.audit.AuditTrail;
import com.cpnetwork.audit.EntityType;
import com.cpnetwork.leads.Leads;
import com.cpnetwork.notifications.Notification;
import com.cpnetwork.notifications.Notifier;
import com.cpnetwork.notifications.SmsTemplate;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Page;
import com.cpnetwork.platform.PageRequest;
import com.cpnetwork.platform.Role;
import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.db.TransactionScope;
import com.cpnetwork.platform.errors.Conflict;
import com.cpnetwork.platform.errors.NotFound;
import com.cpnetwork.platform.storage.Storage.BlobLink;
import com.cpnetwork.users.Accounts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The document use cases: handing out upload links for KYC and lead files, reading what became of them, reviewing KYC
 * documents, download links and deletion. Files never pass through here; {@link UploadInspection} judges them when
 * they land. Who sees a document follows from the leads port: a lead document whoever sees its lead (customers
 * excepted), a KYC document whoever sees its customer.
 */
public final class DocumentService {

    private static final Logger log = LoggerFactory.getLogger(DocumentService.class);

    /** A lead holds at most this many live documents (KYC documents do not count). */
    public static final int MAX_LIVE_LEAD_DOCUMENTS = 7;
    /**
     * How long after its link expired a document waiting for an upload still counts toward the limit, and may still
     * be validated if its file arrived in time: the validator's delay. Past it the document can never become live.
     */
    static final Duration ARRIVAL_GRACE = Duration.ofMinutes(15);

    private final Database database;
    private final Leads leads;
    private final Accounts accounts;
    private final DocumentRepository documents = new DocumentRepository();
    private final DocumentBlobs blobs;
    private final AuditTrail audit;
    private final Notifier notifier;
    private final Clock clock;

    DocumentService(Database database, Leads leads, Accounts accounts, DocumentBlobs blobs, AuditTrail audit, Notifier notifier,
                    Clock clock) {
        this.database = database;
        this.leads = leads;
        this.accounts = accounts;
        this.blobs = blobs;
        this.audit = audit;
        this.notifier = notifier;
        this.clock = clock;
    }

    /**
     * {@code POST /v1/kycDocuments}: a link to upload a customer's KYC file, for the customer themselves or for staff
     * and CPs who see the customer. A REJECTED document of the same type is reopened under the same id; its new upload
     * replaces the old file.
     */
    public UploadLink requestKycUpload(Caller caller, NewKycDocument request) {
        FileType type = supported(request.contentType(), request.sizeBytes());
        return database.asCaller(caller, handle -> {
            leads.requireVisibleCustomer(handle, caller, request.customerId());
            Instant now = clock.instant();
            Optional<StoredDocument> rejected = documents.rejectedKyc(handle, request.customerId(), request.docType());
            UUID id = rejected.map(StoredDocument::id).orElseGet(UUID::randomUUID);
            BlobLink link = blobs.linkToUpload(DocumentBlobs.nameOf(caller.orgId(), id));
            if (rejected.isPresent()) {
                documents.reopen(handle, id, request.fileName(), type, request.sizeBytes(), link.expiresAt(), now);
                audit.record(handle, AuditEntry.changed(caller.orgId(), caller.userId(), "DOCUMENT_REOPENED", EntityType.DOCUMENT,
                        id.toString(), rejected.get().view(), reload(handle, id).view()));
            } else {
                create(handle, caller, new StoredDocument(id, caller.orgId(), DocumentKind.KYC, request.customerId(), null, request.docType(),
                        request.fileName(), type, request.sizeBytes(), DocumentStatus.AWAITING_UPLOAD, null, null, null, null,
                        link.expiresAt(), null, null, null, null, caller.userId(), now, now, null));
            }
            return UploadLink.of(id, link.url(), link.expiresAt());
        });
    }

    /**
     * {@code POST /v1/leadDocuments}: a link to upload a file of a lead the caller sees (CP: their own). The lead's row
     * is locked while its live documents are counted, so requests racing for the last place are served one by one and
     * the lead never holds more than {@value #MAX_LIVE_LEAD_DOCUMENTS}.
     */
    public UploadLink requestLeadUpload(Caller caller, NewLeadDocument request) {
        caller.require(Role.CP, Role.KAM, Role.ADMIN);
        FileType type = supported(request.contentType(), request.sizeBytes());
        return database.asCaller(caller, handle -> {
            String leadId = leads.visibleTo(handle, caller, request.leadId(), true).id();
            Instant now = clock.instant();
            if (documents.countLive(handle, leadId, now, ARRIVAL_GRACE) >= MAX_LIVE_LEAD_DOCUMENTS) {
                throw new Conflict("MAX_DOCUMENTS", "A lead holds at most " + MAX_LIVE_LEAD_DOCUMENTS + " documents",
                        Map.of("limit", MAX_LIVE_LEAD_DOCUMENTS));
            }
            UUID id = UUID.randomUUID();
            BlobLink link = blobs.linkToUpload(DocumentBlobs.nameOf(caller.orgId(), id));
            create(handle, caller, new StoredDocument(id, caller.orgId(), DocumentKind.LEAD, null, leadId, request.docType(),
                    request.fileName(), type, request.sizeBytes(), DocumentStatus.AWAITING_UPLOAD, null, null, null, null,
                    link.expiresAt(), null, null, null, null, caller.userId(), now, now, null));
            return UploadLink.of(id, link.url(), link.expiresAt());
        });
    }

    /** {@code GET /v1/documents/{id}}. */
    public Document getDocument(Caller caller, UUID id) {
        return database.asCaller(caller, handle -> visible(handle, caller, id, false).view());
    }

    /** {@code GET /v1/leads/{id}/documents}: the lead's documents, newest first (not for customers). */
    public Page<Document> leadDocuments(Caller caller, String leadId, PageRequest page) {
        caller.require(Role.CP, Role.KAM, Role.ADMIN);
        return database.asCaller(caller, handle -> {
            String id = leads.visibleTo(handle, caller, leadId, false).id();
            return page(documents.listOfLead(handle, id, page), page);
        });
    }

    /** {@code GET /v1/customers/{id}/kycDocuments}: the customer's KYC documents, newest first. */
    public Page<Document> kycDocuments(Caller caller, UUID customerId, PageRequest page) {
        return database.asCaller(caller, handle -> {
            leads.requireVisibleCustomer(handle, caller, customerId);
            return page(documents.listOfCustomer(handle, customerId, page), page);
        });
    }

    /**
     * {@code PATCH /v1/kycDocuments/{id}/review}: a KAM or admin who sees the customer approves or rejects a VALID KYC
     * document; the customer is told by SMS. A document is reviewed once (409 ALREADY_REVIEWED); one not validated yet,
     * or refused, cannot be (409 NOT_VALIDATED).
     */
    public Document reviewKyc(Caller caller, UUID id, KycReview review) {
        caller.require(Role.KAM, Role.ADMIN);
        return database.asCaller(caller, handle -> {
            StoredDocument before = visible(handle, caller, id, true);
            if (before.kind() != DocumentKind.KYC) {
                throw new NotFound("KYC document");
            }
            if (before.status() == DocumentStatus.APPROVED || before.status() == DocumentStatus.REJECTED) {
                throw new Conflict("ALREADY_REVIEWED", "This document was reviewed already", Map.of("status", before.status().name()));
            }
            if (before.status() != DocumentStatus.VALID) {
                throw new Conflict("NOT_VALIDATED", "Only a validated document can be reviewed", Map.of("status", before.status().name()));
            }
            boolean approved = review.decision() == KycReview.Decision.APPROVED;
            documents.review(handle, id, approved ? DocumentStatus.APPROVED : DocumentStatus.REJECTED, review.reason(), caller.userId(),
                    clock.instant());
            StoredDocument after = reload(handle, id);
            audit.record(handle, AuditEntry.changed(caller.orgId(), caller.userId(), "DOCUMENT_REVIEWED", EntityType.DOCUMENT,
                    id.toString(), before.view(), after.view()));
            accounts.find(handle, before.customerId()).filter(customer -> customer.phone() != null).ifPresent(customer ->
                    notifier.send(handle, caller.orgId(), Notification.sms(customer.phone(),
                            approved ? SmsTemplate.KYC_APPROVED : SmsTemplate.KYC_REJECTED, Map.of("docType", before.docType()))));
            return after.view();
        });
    }

    /**
     * {@code GET /v1/documents/{id}/download}: a read-only link to the validated file, served as the type its content
     * showed and as an attachment; only for VALID and APPROVED documents (409 DOCUMENT_NOT_AVAILABLE otherwise).
     */
    public DownloadLink downloadLink(Caller caller, UUID id) {
        StoredDocument document = database.asCaller(caller, handle -> visible(handle, caller, id, false));
        if (!document.status().downloadable()) {
            throw new Conflict("DOCUMENT_NOT_AVAILABLE", "Only a validated document that was not rejected can be downloaded",
                    Map.of("status", document.status().name()));
        }
        return blobs.linkToDownload(document.blobName(), document.declaredType(), document.fileName());
    }

    /**
     * {@code DELETE /v1/documents/{id}} (ADMIN): the record is marked deleted with the reason and audited, then its
     * blobs are deleted. When storage fails after the commit, the document is deleted all the same (nothing links to
     * it any more) and the retention timer removes the blobs on its next run.
     */
    public void deleteDocument(Caller caller, UUID id, DocumentDeletion deletion) {
        caller.require(Role.ADMIN);
        StoredDocument deleted = database.asCaller(caller, handle -> {
            StoredDocument before = visible(handle, caller, id, true);
            documents.markDeleted(handle, id, caller.userId(), deletion.reason(), clock.instant());
            audit.record(handle, new AuditEntry(caller.orgId(), caller.userId(), "DOCUMENT_DELETED", EntityType.DOCUMENT, id.toString(),
                    before.view(), Map.of("deleted", true, "reason", deletion.reason())));
            return before;
        });
        try {
            blobs.removeAll(deleted.blobName());
            database.inTransaction(TransactionScope.organization(deleted.orgId()), handle -> {
                documents.markBlobsRemoved(handle, id, clock.instant());
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("The blobs of deleted document {} stay until the retention timer removes them: {}", id, e.getClass().getSimpleName());
        }
    }

    private void create(Handle handle, Caller caller, StoredDocument document) {
        documents.insert(handle, document);
        audit.record(handle, AuditEntry.created(caller.orgId(), caller.userId(), "DOCUMENT_CREATED", EntityType.DOCUMENT,
                document.id().toString(), document.view()));
    }

    /** The document if the caller sees it and it is not deleted; 404 otherwise, whatever the reason. */
    private StoredDocument visible(Handle handle, Caller caller, UUID id, boolean lock) {
        StoredDocument document = documents.find(handle, id, lock).filter(found -> !found.deleted())
                .orElseThrow(() -> new NotFound("Document"));
        try {
            if (document.kind() == DocumentKind.KYC) {
                leads.requireVisibleCustomer(handle, caller, document.customerId());
            } else if (caller.role() == Role.CUSTOMER) {
                throw new NotFound("Document");
            } else {
                leads.visibleTo(handle, caller, document.leadId(), false);
            }
        } catch (NotFound notVisible) {
            throw new NotFound("Document");
        }
        return document;
    }

    private StoredDocument reload(Handle handle, UUID id) {
        return documents.find(handle, id, false).orElseThrow();
    }

    private static Page<Document> page(List<StoredDocument> fetched, PageRequest page) {
        return page.page(fetched.stream().map(StoredDocument::view).toList(),
                document -> new PageRequest.Position(document.createdAt(), document.id().toString()));
    }

    /** A declared type and size the link may be handed out for, or the 409 the contract names. */
    private static FileType supported(String contentType, long sizeBytes) {
        FileType type = FileType.ofMediaType(contentType).orElseThrow(() -> new Conflict("UNSUPPORTED_TYPE",
                "Only PDF, JPEG and PNG files are accepted",
                Map.of("allowed", Arrays.stream(FileType.values()).map(FileType::mediaType).toList())));
        if (sizeBytes > UploadValidator.MAX_SIZE_BYTES) {
            throw new Conflict("FILE_TOO_LARGE", "A file may be at most 10 MB (" + UploadValidator.MAX_SIZE_BYTES + " bytes)",
                    Map.of("maxSizeBytes", UploadValidator.MAX_SIZE_BYTES));
        }
        return type;
    }
}
