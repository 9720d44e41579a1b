-- Quotations: what a lead's customer is offered, frozen in numbered versions once final, shared with the customer,
-- accepted with evidence of exactly what was accepted, and rendered as a PDF proposal in the background.

-- The organization's profile, printed on every proposal. The state decides CGST + SGST (same state as the lead) or
-- IGST (another state).
ALTER TABLE organizations
    ADD COLUMN legal_name               text    CHECK (length(legal_name) BETWEEN 1 AND 200),
    ADD COLUMN gstin                    text    CHECK (gstin ~ '^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$'),
    ADD COLUMN state_code               text    CHECK (state_code ~ '^[A-Z]{2,3}$'),
    ADD COLUMN address                  text    CHECK (length(address) BETWEEN 1 AND 1000),
    ADD COLUMN quotation_validity_days  integer NOT NULL DEFAULT 30 CHECK (quotation_validity_days BETWEEN 1 AND 365);

-- QUOTE-1000, QUOTE-1001, ...: one sequence for all organizations, so an id names one quotation everywhere.
CREATE SEQUENCE quotation_number START 1000;
GRANT USAGE ON SEQUENCE quotation_number TO cpnetwork_api;

-- The quotation as it is now: a DRAFT's content is edited in place; a frozen one points at its current version.
CREATE TABLE quotations (
    id              text        PRIMARY KEY CHECK (id ~ '^QUOTE-[0-9]+$'),
    org_id          uuid        NOT NULL REFERENCES organizations (id),
    lead_id         text        NOT NULL REFERENCES leads (id),
    author_id       uuid        NOT NULL REFERENCES users (id),
    status          text        NOT NULL CHECK (status IN ('DRAFT', 'FINAL', 'SHARED', 'ACCEPTED', 'REJECTED', 'WITHDRAWN')),
    version         integer     CHECK (version >= 1),
    content         jsonb       NOT NULL,
    valid_until     date        NOT NULL,
    grand_total     numeric(16, 2) NOT NULL CHECK (grand_total >= 0),
    shared_at       timestamptz,
    decided_at      timestamptz,
    reject_reason   text        CHECK (length(reject_reason) <= 1000),
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CHECK ((status = 'DRAFT') = (version IS NULL))
);
CREATE INDEX quotations_by_org ON quotations (org_id, created_at DESC, id DESC);
CREATE INDEX quotations_by_lead ON quotations (org_id, lead_id, created_at DESC, id DESC);
-- At most one accepted quotation per lead, whatever races.
CREATE UNIQUE INDEX quotations_one_accepted_per_lead ON quotations (lead_id) WHERE status = 'ACCEPTED';
SELECT isolate_by_organization('quotations');
GRANT SELECT, INSERT, UPDATE ON quotations TO cpnetwork_api;

-- Every frozen version, never changed once written but for its PDF: its canonical content, that content's SHA-256,
-- and the rendered proposal (path in Blob storage and its SHA-256) once the background job has made it.
CREATE TABLE quotation_versions (
    quotation_id     text        NOT NULL REFERENCES quotations (id),
    version          integer     NOT NULL CHECK (version >= 1),
    org_id           uuid        NOT NULL REFERENCES organizations (id),
    content          jsonb       NOT NULL,
    content_sha256   text        NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
    frozen_at        timestamptz NOT NULL,
    frozen_by        uuid        NOT NULL REFERENCES users (id),
    override_reason  text        CHECK (length(override_reason) <= 1000),
    pdf_status       text        NOT NULL DEFAULT 'PENDING' CHECK (pdf_status IN ('PENDING', 'READY', 'FAILED')),
    pdf_path         text,
    pdf_sha256       text        CHECK (pdf_sha256 ~ '^[0-9a-f]{64}$'),
    pdf_ready_at     timestamptz,
    PRIMARY KEY (quotation_id, version),
    CHECK ((pdf_status = 'READY') = (pdf_path IS NOT NULL AND pdf_sha256 IS NOT NULL))
);
SELECT isolate_by_organization('quotation_versions');
-- The proposal job runs in the system scope: it reads the version it renders and records the PDF.
CREATE POLICY proposal_job_read ON quotation_versions FOR SELECT USING (app_scope_is('system'));
CREATE POLICY proposal_job_update ON quotation_versions FOR UPDATE USING (app_scope_is('system')) WITH CHECK (app_scope_is('system'));
GRANT SELECT, INSERT, UPDATE ON quotation_versions TO cpnetwork_api;
-- Only the PDF columns of a version may change.
REVOKE UPDATE ON quotation_versions FROM cpnetwork_api;
GRANT UPDATE (pdf_status, pdf_path, pdf_sha256, pdf_ready_at) ON quotation_versions TO cpnetwork_api;

-- The evidence of an acceptance: which version, which content and which document, when, by whom, from where.
CREATE TABLE quotation_acceptances (
    quotation_id    text        PRIMARY KEY REFERENCES quotations (id),
    org_id          uuid        NOT NULL REFERENCES organizations (id),
    version         integer     NOT NULL,
    content_sha256  text        NOT NULL,
    pdf_sha256      text,
    accepted_at     timestamptz NOT NULL,
    accepted_by     uuid        NOT NULL REFERENCES users (id),
    client_ip       text        CHECK (length(client_ip) <= 64),
    user_agent      text        CHECK (length(user_agent) <= 500),
    override        boolean     NOT NULL,
    reason          text        CHECK (length(reason) <= 1000),
    FOREIGN KEY (quotation_id, version) REFERENCES quotation_versions (quotation_id, version)
);
SELECT isolate_by_organization('quotation_acceptances');
-- Evidence is written once and never changed.
GRANT SELECT, INSERT ON quotation_acceptances TO cpnetwork_api;
