-- Identity and access: accounts, sign-in by phone code or password (+ TOTP), sessions, password resets.
--
-- Signing in happens before the organization is known, so a few lookups must read across organizations. They run
-- in the 'sign_in' scope, which opens SELECT (only) on the tables below whose policies name it; a transaction then
-- narrows to the account's organization before it writes anything.

ALTER TABLE organizations ADD COLUMN mfa_required boolean NOT NULL DEFAULT false;
CREATE POLICY sign_in_lookup ON organizations FOR SELECT USING (app_scope_is('sign_in'));

ALTER TABLE users
    ADD COLUMN state_code          text CHECK (state_code ~ '^[A-Z]{2,3}$'),
    ADD COLUMN kam_id              uuid REFERENCES users (id),
    ADD COLUMN password_hash       text,
    ADD COLUMN totp_secret         text,
    ADD COLUMN totp_pending_secret text,
    ADD COLUMN totp_enabled        boolean NOT NULL DEFAULT false,
    ADD COLUMN totp_last_step      bigint,
    ADD CONSTRAINT users_email_lowercase CHECK (email = lower(email)),
    ADD CONSTRAINT users_phone_e164 CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
    ADD CONSTRAINT users_staff_have_email CHECK (role NOT IN ('ADMIN', 'KAM') OR email IS NOT NULL),
    ADD CONSTRAINT users_phone_sign_in_have_phone CHECK (role NOT IN ('CP', 'CUSTOMER') OR phone IS NOT NULL);
-- Staff sign in with their email alone, so it names one account across all organizations.
CREATE UNIQUE INDEX users_staff_email ON users (email) WHERE role IN ('ADMIN', 'KAM');
CREATE INDEX users_phone ON users (phone) WHERE phone IS NOT NULL;
CREATE INDEX users_org_kam ON users (org_id, kam_id) WHERE kam_id IS NOT NULL;
CREATE INDEX users_org_created ON users (org_id, created_at DESC, id DESC);
CREATE POLICY sign_in_lookup ON users FOR SELECT USING (app_scope_is('sign_in'));

-- One-time codes sent by SMS. The phone is kept only as an HMAC, the code likewise; a new code supersedes the old.
CREATE TABLE sign_in_codes (
    id            uuid PRIMARY KEY,
    phone_hash    text        NOT NULL,
    code_hash     text        NOT NULL,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    consumed_at   timestamptz
);
CREATE INDEX sign_in_codes_phone ON sign_in_codes (phone_hash, created_at DESC);
CREATE INDEX sign_in_codes_expiry ON sign_in_codes (expires_at);
GRANT SELECT, INSERT, UPDATE, DELETE ON sign_in_codes TO cpnetwork_api;

-- Wrong codes and passwords per sign-in identifier (HMAC of phone or email), known account or not, so a lock-out
-- answers the same for both and reveals nothing.
CREATE TABLE sign_in_failures (
    identifier_hash  text PRIMARY KEY,
    failures         integer     NOT NULL,
    first_failed_at  timestamptz NOT NULL,
    locked_until     timestamptz
);
GRANT SELECT, INSERT, UPDATE, DELETE ON sign_in_failures TO cpnetwork_api;

-- When several accounts share a phone, the verified caller picks one with this single-use token.
CREATE TABLE sign_in_choices (
    token_hash   text PRIMARY KEY,
    user_ids     uuid[]      NOT NULL,
    expires_at   timestamptz NOT NULL,
    consumed_at  timestamptz
);
CREATE INDEX sign_in_choices_expiry ON sign_in_choices (expires_at);
GRANT SELECT, INSERT, UPDATE, DELETE ON sign_in_choices TO cpnetwork_api;

-- The second step of a staff sign-in (TOTP), or a forced TOTP enrollment when the organization requires it.
CREATE TABLE mfa_challenges (
    token_hash   text PRIMARY KEY,
    org_id       uuid        NOT NULL REFERENCES organizations (id),
    user_id      uuid        NOT NULL REFERENCES users (id),
    purpose      text        NOT NULL CHECK (purpose IN ('VERIFY', 'ENROLL')),
    failures     integer     NOT NULL DEFAULT 0,
    expires_at   timestamptz NOT NULL,
    consumed_at  timestamptz
);
CREATE INDEX mfa_challenges_expiry ON mfa_challenges (expires_at);
SELECT isolate_by_organization('mfa_challenges');
CREATE POLICY sign_in_lookup ON mfa_challenges FOR SELECT USING (app_scope_is('sign_in'));
-- Retention (system scope) reads and deletes expired rows of every organization.
CREATE POLICY retention_read ON mfa_challenges FOR SELECT USING (app_scope_is('system'));
CREATE POLICY retention_delete ON mfa_challenges FOR DELETE USING (app_scope_is('system'));
GRANT SELECT, INSERT, UPDATE, DELETE ON mfa_challenges TO cpnetwork_api;

-- Refresh tokens, stored hashed. Each sign-in starts a family; every refresh replaces the token with a new one
-- of the same family. Presenting a replaced token means it leaked: the whole family is revoked.
CREATE TABLE refresh_tokens (
    id                  uuid PRIMARY KEY,
    org_id              uuid        NOT NULL REFERENCES organizations (id),
    user_id             uuid        NOT NULL REFERENCES users (id),
    family_id           uuid        NOT NULL,
    token_hash          text        NOT NULL UNIQUE,
    issued_at           timestamptz NOT NULL,
    session_expires_at  timestamptz NOT NULL,
    replaced_at         timestamptz,
    revoked_at          timestamptz
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id) WHERE revoked_at IS NULL;
CREATE INDEX refresh_tokens_expiry ON refresh_tokens (session_expires_at);
SELECT isolate_by_organization('refresh_tokens');
CREATE POLICY sign_in_lookup ON refresh_tokens FOR SELECT USING (app_scope_is('sign_in'));
-- Retention (system scope) reads and deletes expired rows of every organization.
CREATE POLICY retention_read ON refresh_tokens FOR SELECT USING (app_scope_is('system'));
CREATE POLICY retention_delete ON refresh_tokens FOR DELETE USING (app_scope_is('system'));
GRANT SELECT, INSERT, UPDATE, DELETE ON refresh_tokens TO cpnetwork_api;

CREATE TABLE password_resets (
    id          uuid PRIMARY KEY,
    org_id      uuid        NOT NULL REFERENCES organizations (id),
    user_id     uuid        NOT NULL REFERENCES users (id),
    token_hash  text        NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);
CREATE INDEX password_resets_expiry ON password_resets (expires_at);
SELECT isolate_by_organization('password_resets');
CREATE POLICY sign_in_lookup ON password_resets FOR SELECT USING (app_scope_is('sign_in'));
-- Retention (system scope) reads and deletes expired rows of every organization.
CREATE POLICY retention_read ON password_resets FOR SELECT USING (app_scope_is('system'));
CREATE POLICY retention_delete ON password_resets FOR DELETE USING (app_scope_is('system'));
GRANT SELECT, INSERT, UPDATE, DELETE ON password_resets TO cpnetwork_api;

-- Rate-limit buckets (Bucket4j's PostgreSQL layout): keyed by endpoint group and client address, no organization.
CREATE TABLE rate_limit_buckets (
    id          text PRIMARY KEY,
    state       bytea,
    expires_at  bigint
);
CREATE INDEX rate_limit_buckets_expiry ON rate_limit_buckets (expires_at);
GRANT SELECT, INSERT, UPDATE, DELETE ON rate_limit_buckets TO cpnetwork_api;
