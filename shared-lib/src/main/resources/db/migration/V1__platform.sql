-- Platform schema: organizations (tenants), a users skeleton, the audit trail and the outbox.
--
-- Isolation: every business table carries org_id and has row-level security enabled AND forced. Each transaction
-- states its scope with set_config(..., true) (see Database.inTransaction); the policies below read it. The
-- application logs in as a role that is a member of cpnetwork_api: it owns no table and has no BYPASSRLS, so it
-- cannot switch the policies off, and it may INSERT into audit_log but never UPDATE or DELETE it.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cpnetwork_api') THEN
        CREATE ROLE cpnetwork_api NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
    END IF;
END
$$;

REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO cpnetwork_api;

-- The transaction's organization, or NULL (which matches no row) when none was set.
CREATE FUNCTION app_org_id() RETURNS uuid
    LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('app.org_id', true), '')::uuid $$;

-- True when the transaction declared this scope ('organization' or 'system').
CREATE FUNCTION app_scope_is(expected text) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$ SELECT coalesce(current_setting('app.scope', true), '') = expected $$;

-- Row-level security for a table with an org_id column, the same for every such table: enabled, forced (so it binds
-- the table owner too), and a policy that shows and accepts only the rows of the transaction's organization.
CREATE FUNCTION isolate_by_organization(target regclass) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
    EXECUTE format('CREATE POLICY organization_isolation ON %s USING (org_id = app_org_id()) WITH CHECK (org_id = app_org_id())', target);
END
$$;
REVOKE EXECUTE ON FUNCTION isolate_by_organization(regclass) FROM PUBLIC;

CREATE TABLE organizations (
    id          uuid PRIMARY KEY,
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL
);
ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE organizations FORCE ROW LEVEL SECURITY;
CREATE POLICY organization_isolation ON organizations
    USING (id = app_org_id())
    WITH CHECK (id = app_org_id());
GRANT SELECT, INSERT, UPDATE ON organizations TO cpnetwork_api;

CREATE TABLE users (
    id             uuid PRIMARY KEY,
    org_id         uuid        NOT NULL REFERENCES organizations (id),
    role           text        NOT NULL CHECK (role IN ('ADMIN', 'KAM', 'CP', 'CUSTOMER')),
    name           text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    email          text,
    phone          text,
    active         boolean     NOT NULL DEFAULT true,
    blocked_token  boolean     NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);
CREATE INDEX users_org_role ON users (org_id, role, created_at DESC, id DESC);
SELECT isolate_by_organization('users');
GRANT SELECT, INSERT, UPDATE ON users TO cpnetwork_api;

CREATE TABLE audit_log (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id       uuid        NOT NULL REFERENCES organizations (id),
    actor_id     uuid,
    action       text        NOT NULL,
    entity_type  text        NOT NULL CHECK (entity_type IN ('ORGANIZATION', 'USER', 'LEAD', 'QUOTATION', 'DOCUMENT', 'COMMISSION')),
    entity_id    text        NOT NULL,
    old_value    jsonb,
    new_value    jsonb,
    at           timestamptz NOT NULL,
    request_id   text
);
CREATE INDEX audit_log_entity ON audit_log (org_id, entity_type, entity_id, at DESC);
CREATE INDEX audit_log_at ON audit_log (org_id, at DESC, id DESC);
SELECT isolate_by_organization('audit_log');
-- Append-only for the application: no UPDATE, no DELETE, no TRUNCATE.
GRANT SELECT, INSERT ON audit_log TO cpnetwork_api;

-- Background work caused by a change is recorded here in the change's own transaction, then put on a queue after
-- commit; a timer re-sends rows that were not sent (status PENDING past a grace period).
CREATE TABLE outbox (
    id          uuid PRIMARY KEY,
    org_id      uuid        NOT NULL REFERENCES organizations (id),
    queue       text        NOT NULL,
    payload     jsonb       NOT NULL,
    status      text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'QUEUED', 'SENDING', 'DONE', 'FAILED')),
    attempts    integer     NOT NULL DEFAULT 0,
    last_error  text,
    created_at  timestamptz NOT NULL,
    queued_at   timestamptz,
    done_at     timestamptz
);
CREATE INDEX outbox_pending ON outbox (created_at) WHERE status = 'PENDING';
ALTER TABLE outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox FORCE ROW LEVEL SECURITY;
-- The relay and the queue consumers run in the system scope: they serve every organization.
CREATE POLICY organization_or_system ON outbox
    USING (org_id = app_org_id() OR app_scope_is('system'))
    WITH CHECK (org_id = app_org_id() OR app_scope_is('system'));
GRANT SELECT, INSERT, UPDATE, DELETE ON outbox TO cpnetwork_api;
