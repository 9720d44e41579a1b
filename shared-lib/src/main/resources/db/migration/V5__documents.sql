-- Documents: KYC files of customers and files of leads. The API hands out a short-lived link to upload one blob
-- (uploads/<org>/<id>); a blob-triggered function checks what arrived and moves a good file to
-- documents/<org>/<id>. A row never holds the file, only what was declared and what was found.

CREATE TABLE documents (
    id                   uuid        PRIMARY KEY,
    org_id               uuid        NOT NULL REFERENCES organizations (id),
    kind                 text        NOT NULL CHECK (kind IN ('KYC', 'LEAD')),
    customer_id          uuid        REFERENCES users (id),
    lead_id              text        REFERENCES leads (id),
    doc_type             text        NOT NULL CHECK (doc_type ~ '^[A-Z][A-Z0-9_]{1,49}$'),
    file_name            text        NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    content_type         text        NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size_bytes           bigint      NOT NULL CHECK (size_bytes BETWEEN 1 AND 10485760),
    status               text        NOT NULL CHECK (status IN ('AWAITING_UPLOAD', 'VALIDATING', 'VALID', 'INVALID', 'APPROVED', 'REJECTED')),
    invalid_reason       text,
    -- The version (ETag) of the uploaded blob being validated, the one whose content passed the checks, and the one
    -- the malware scan found clean: a file becomes VALID only when they name the same version.
    upload_etag          text,
    checked_etag         text,
    scan_clean_etag      text,
    link_expires_at      timestamptz NOT NULL,
    uploaded_at          timestamptz,
    review_reason        text        CHECK (length(review_reason) <= 1000),
    reviewed_by          uuid        REFERENCES users (id),
    reviewed_at          timestamptz,
    created_by           uuid        NOT NULL REFERENCES users (id),
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    deleted_at           timestamptz,
    deleted_by           uuid        REFERENCES users (id),
    delete_reason        text        CHECK (length(delete_reason) <= 1000),
    -- When the blobs of a deleted document were removed; NULL while the retention timer still has to retry.
    blobs_removed_at     timestamptz,
    -- The retention run working on this row and until when; an expired claim (a crashed run) is taken over.
    purge_claim          uuid,
    purge_claimed_until  timestamptz,
    CHECK ((kind = 'KYC') = (customer_id IS NOT NULL)),
    CHECK ((kind = 'LEAD') = (lead_id IS NOT NULL)),
    CHECK (kind = 'KYC' OR status NOT IN ('APPROVED', 'REJECTED')),
    CHECK ((status = 'INVALID') = (invalid_reason IS NOT NULL)),
    CHECK (uploaded_at IS NOT NULL OR status = 'AWAITING_UPLOAD'),
    CHECK ((deleted_at IS NULL) = (deleted_by IS NULL))
);
-- Lists per lead and per customer, newest first (keyset order), and the live-document count of a lead.
CREATE INDEX documents_by_lead ON documents (org_id, lead_id, created_at DESC, id DESC) WHERE lead_id IS NOT NULL;
CREATE INDEX documents_by_customer ON documents (org_id, customer_id, created_at DESC, id DESC) WHERE customer_id IS NOT NULL;
-- Retention: uploads older than seven years, links that expired unused, deleted documents whose blobs remain.
CREATE INDEX documents_uploaded ON documents (uploaded_at);
CREATE INDEX documents_awaiting_upload ON documents (link_expires_at) WHERE status = 'AWAITING_UPLOAD';
CREATE INDEX documents_blobs_to_remove ON documents (deleted_at) WHERE deleted_at IS NOT NULL AND blobs_removed_at IS NULL;
SELECT isolate_by_organization('documents');
-- Retention (system scope) finds due rows of every organization and claims them; it deletes them, with their audit
-- entries, in each organization's own scope.
CREATE POLICY retention_read ON documents FOR SELECT USING (app_scope_is('system'));
CREATE POLICY retention_claim ON documents FOR UPDATE USING (app_scope_is('system')) WITH CHECK (app_scope_is('system'));
GRANT SELECT, INSERT, UPDATE, DELETE ON documents TO cpnetwork_api;
