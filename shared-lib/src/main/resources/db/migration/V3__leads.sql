-- Leads: the sales pipeline. A lead belongs to an organization, is worked by a CP (or waits unassigned for a KAM
-- or admin to assign it), and is linked to the organization's CUSTOMER with the lead's phone.

CREATE TABLE service_types (
    org_id      uuid        NOT NULL REFERENCES organizations (id),
    code        text        NOT NULL CHECK (code ~ '^[A-Z][A-Z0-9_]{1,49}$'),
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (org_id, code)
);
SELECT isolate_by_organization('service_types');
GRANT SELECT, INSERT ON service_types TO cpnetwork_api;

-- Organizations that exist before this migration get the starter catalog new ones are created with.
DO $$
DECLARE
    org record;
BEGIN
    PERFORM set_config('app.scope', 'sign_in', true);
    FOR org IN SELECT id FROM organizations LOOP
        PERFORM set_config('app.org_id', org.id::text, true);
        INSERT INTO service_types (org_id, code, name, created_at)
        VALUES (org.id, 'SOLAR_ROOFTOP', 'Solar rooftop', now()),
               (org.id, 'SOLAR_WATER_HEATER', 'Solar water heater', now()),
               (org.id, 'BATTERY_STORAGE', 'Battery storage', now()),
               (org.id, 'EV_CHARGER', 'EV charger', now()),
               (org.id, 'MAINTENANCE', 'Maintenance', now())
        ON CONFLICT DO NOTHING;
    END LOOP;
    PERFORM set_config('app.org_id', '', true);
    PERFORM set_config('app.scope', '', true);
END
$$;

-- LEAD-1000, LEAD-1001, ...: one sequence for all organizations, so an id names one lead everywhere.
CREATE SEQUENCE lead_number START 1000;
GRANT USAGE ON SEQUENCE lead_number TO cpnetwork_api;

CREATE TABLE leads (
    id                 text        PRIMARY KEY CHECK (id ~ '^LEAD-[0-9]+$'),
    org_id             uuid        NOT NULL REFERENCES organizations (id),
    status             text        NOT NULL CHECK (status IN ('NEW', 'IN_DISCUSSION', 'PHYSICAL_MEETING', 'CUSTOMER_ACCEPTED', 'WON', 'EXECUTED', 'LOST')),
    cp_id              uuid        REFERENCES users (id),
    customer_id        uuid        NOT NULL REFERENCES users (id),
    customer_name      text        NOT NULL CHECK (length(customer_name) BETWEEN 1 AND 200),
    customer_phone     text        NOT NULL CHECK (customer_phone ~ '^\+[1-9][0-9]{6,14}$'),
    address            text        CHECK (length(address) <= 1000),
    state_code         text        NOT NULL CHECK (state_code ~ '^[A-Z]{2,3}$'),
    remarks            text        CHECK (length(remarks) <= 4000),
    follow_up_date     date,
    lost_reason        text        CHECK (length(lost_reason) <= 1000),
    source             text        NOT NULL CHECK (source IN ('CP', 'STAFF', 'CUSTOMER')),
    created_by         uuid        NOT NULL REFERENCES users (id),
    status_changed_at  timestamptz NOT NULL,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    CHECK (status <> 'LOST' OR lost_reason IS NOT NULL)
);
-- One index per way of listing, each matching the keyset order (created_at DESC, id DESC), so a page is a short
-- index range scan whatever the table's size.
CREATE INDEX leads_by_org ON leads (org_id, created_at DESC, id DESC);
CREATE INDEX leads_by_cp ON leads (org_id, cp_id, created_at DESC, id DESC);
CREATE INDEX leads_by_customer ON leads (org_id, customer_id, created_at DESC, id DESC);
CREATE INDEX leads_unassigned ON leads (org_id, created_at DESC, id DESC) WHERE cp_id IS NULL;
-- A customer's leads: possible duplicates of a new lead, and a list search for a whole phone number (q=+9198...).
CREATE INDEX leads_by_phone ON leads (org_id, customer_phone, created_at DESC, id DESC);
CREATE INDEX leads_open_by_cp ON leads (cp_id) WHERE status NOT IN ('EXECUTED', 'LOST');
CREATE INDEX leads_updated ON leads (org_id, updated_at);
SELECT isolate_by_organization('leads');
GRANT SELECT, INSERT, UPDATE ON leads TO cpnetwork_api;

-- The services a lead asks for, one line each, in the order given.
CREATE TABLE lead_services (
    lead_id       text    NOT NULL REFERENCES leads (id),
    position      integer NOT NULL CHECK (position >= 0),
    org_id        uuid    NOT NULL,
    service_type  text    NOT NULL,
    details       text    CHECK (length(details) <= 2000),
    PRIMARY KEY (lead_id, position),
    FOREIGN KEY (org_id, service_type) REFERENCES service_types (org_id, code)
);
SELECT isolate_by_organization('lead_services');
GRANT SELECT, INSERT ON lead_services TO cpnetwork_api;

-- Every status change, with the time spent in the status that was left, for stage-duration reports.
CREATE TABLE lead_status_history (
    id                          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id                      uuid        NOT NULL REFERENCES organizations (id),
    lead_id                     text        NOT NULL REFERENCES leads (id),
    from_status                 text,
    to_status                   text        NOT NULL,
    actor_id                    uuid        NOT NULL REFERENCES users (id),
    at                          timestamptz NOT NULL,
    override                    boolean     NOT NULL,
    reason                      text,
    seconds_in_previous_status  bigint
);
CREATE INDEX lead_status_history_lead ON lead_status_history (lead_id, id);
SELECT isolate_by_organization('lead_status_history');
-- History is written once and never changed.
GRANT SELECT, INSERT ON lead_status_history TO cpnetwork_api;
