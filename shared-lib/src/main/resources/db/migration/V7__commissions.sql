-- Commissions: what a CP earns when their lead is executed on an accepted quotation, approved, paid with a bank
-- reference, cancelled or clawed back when the sale is reversed; and the indexes the audit trail and the pipeline
-- report read by.

-- COMM-1000, COMM-1001, ...: one sequence for all organizations, so an id names one entry everywhere.
CREATE SEQUENCE commission_number START 1000;
GRANT USAGE ON SEQUENCE commission_number TO cpnetwork_api;

CREATE TABLE commissions (
    id                 text        PRIMARY KEY CHECK (id ~ '^COMM-[0-9]+$'),
    org_id             uuid        NOT NULL REFERENCES organizations (id),
    kind               text        NOT NULL CHECK (kind IN ('COMMISSION', 'CLAWBACK')),
    lead_id            text        NOT NULL REFERENCES leads (id),
    quotation_id       text        NOT NULL REFERENCES quotations (id),
    quotation_version  integer     NOT NULL,
    cp_id              uuid        NOT NULL REFERENCES users (id),
    amount             numeric(14, 2) NOT NULL,
    status             text        NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'PAID', 'CANCELLED')),
    utr                text        CHECK (utr ~ '^[A-Z0-9]{12,22}$'),
    paid_on            date,
    reverses           text        REFERENCES commissions (id),
    reversed_at        timestamptz,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    CHECK (kind = 'COMMISSION' AND amount >= 0 AND reverses IS NULL OR kind = 'CLAWBACK' AND amount <= 0 AND reverses IS NOT NULL),
    CHECK ((status = 'PAID') = (utr IS NOT NULL AND paid_on IS NOT NULL))
);
-- Exactly one live commission per lead: a cancelled one, or a paid one whose sale was reversed, makes room for the
-- next execution's.
CREATE UNIQUE INDEX commissions_one_live_per_lead ON commissions (lead_id)
    WHERE kind = 'COMMISSION' AND status <> 'CANCELLED' AND reversed_at IS NULL;
-- A bank transfer reference pays one entry of an organization.
CREATE UNIQUE INDEX commissions_utr ON commissions (org_id, utr) WHERE utr IS NOT NULL;
CREATE INDEX commissions_by_org ON commissions (org_id, created_at DESC, id DESC);
CREATE INDEX commissions_by_cp ON commissions (org_id, cp_id, created_at DESC, id DESC);
CREATE INDEX commissions_by_lead ON commissions (lead_id);
SELECT isolate_by_organization('commissions');
GRANT SELECT, INSERT, UPDATE ON commissions TO cpnetwork_api;

-- Every change of an entry: its status moves and the admins' manual overwrites, with who, when and why.
CREATE TABLE commission_history (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id         uuid        NOT NULL REFERENCES organizations (id),
    commission_id  text        NOT NULL REFERENCES commissions (id),
    action         text        NOT NULL,
    from_status    text,
    to_status      text        NOT NULL,
    actor_id       uuid        NOT NULL REFERENCES users (id),
    at             timestamptz NOT NULL,
    reason         text        CHECK (length(reason) <= 1000),
    details        jsonb
);
CREATE INDEX commission_history_entry ON commission_history (commission_id, id);
SELECT isolate_by_organization('commission_history');
GRANT SELECT, INSERT ON commission_history TO cpnetwork_api;

-- The audit trail, filtered by actor, and the time-in-stage report, which reads a period's status changes.
CREATE INDEX audit_log_actor ON audit_log (org_id, actor_id, at DESC, id DESC);
CREATE INDEX lead_status_history_at ON lead_status_history (org_id, at);
