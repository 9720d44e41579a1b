-- The pipeline report's conversions: the moves to WON or EXECUTED of a period, read from the index alone (a few
-- percent of all status changes) instead of probing every lead's history.
CREATE INDEX lead_status_history_milestones ON lead_status_history (org_id, at) INCLUDE (lead_id, to_status)
    WHERE to_status IN ('WON', 'EXECUTED');
