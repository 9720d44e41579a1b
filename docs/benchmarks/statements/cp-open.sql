-- CP opens a lead (`GET /v1/leads/{id}`): the statements of one request, in order
BEGIN;
SELECT set_config('app.org_id', $1, true),
	       set_config('app.user_id', $2, true),
	       set_config('app.role', $3, true),
	       set_config('app.scope', $4, true),
	       set_config('statement_timeout', $5, true);
--   parameters: '75704cc3-34af-4328-b0a0-15a287bc3129', 'c5e8f9f0-a23e-4500-8bdf-fbfea3a7fce5', 'CP', 'organization', '4000ms'
SELECT role, active, blocked_token FROM users WHERE id = $1;
--   parameters: 'c5e8f9f0-a23e-4500-8bdf-fbfea3a7fce5'
SELECT l.id, l.status, l.cp_id, l.customer_id, l.customer_name, l.customer_phone, l.address, l.state_code, l.remarks,
	l.follow_up_date, l.lost_reason, l.source, l.created_by, l.status_changed_at, l.created_at, l.updated_at,
	s.service_types, s.service_details FROM leads l LEFT JOIN LATERAL (SELECT array_agg(ls.service_type ORDER BY ls.position) AS service_types,
	                          array_agg(ls.details ORDER BY ls.position) AS service_details
	                     FROM lead_services ls WHERE ls.lead_id = l.id) s ON true WHERE l.id = $1 AND (l.cp_id = $2);
--   parameters: 'LEAD-301905', 'c5e8f9f0-a23e-4500-8bdf-fbfea3a7fce5'
COMMIT;
