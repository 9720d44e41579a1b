-- CP opens a lead (`GET /v1/leads/{id}`): the statements of one request, in order
BEGIN;
SELECT set_config('app.org_id', $1, true),
	       set_config('app.user_id', $2, true),
	       set_config('app.role', $3, true),
	       set_config('app.scope', $4, true),
	       set_config('statement_timeout', $5, true);
--   parameters: '0c718f3a-4782-4f7c-9816-b63fa3d956a1', '56174e0b-72dc-4fb6-8ffd-a0756f91a217', 'CP', 'organization', '4000ms'
SELECT role, active, blocked_token FROM users WHERE id = $1;
--   parameters: '56174e0b-72dc-4fb6-8ffd-a0756f91a217'
SELECT l.id, l.status, l.cp_id, l.customer_id, l.customer_name, l.customer_phone, l.address, l.state_code, l.remarks,
	l.follow_up_date, l.lost_reason, l.source, l.created_by, l.status_changed_at, l.created_at, l.updated_at,
	s.service_types, s.service_details FROM leads l LEFT JOIN LATERAL (SELECT array_agg(ls.service_type ORDER BY ls.position) AS service_types,
	                          array_agg(ls.details ORDER BY ls.position) AS service_details
	                     FROM lead_services ls WHERE ls.lead_id = l.id) s ON true WHERE l.id = $1 AND (l.cp_id = $2);
--   parameters: 'LEAD-301905', '56174e0b-72dc-4fb6-8ffd-a0756f91a217'
COMMIT;
