-- KAM lists their CPs' leads (`GET /v1/leads?limit=50`): the statements of one request, in order
BEGIN;
SELECT set_config('app.org_id', $1, true),
	       set_config('app.user_id', $2, true),
	       set_config('app.role', $3, true),
	       set_config('app.scope', $4, true),
	       set_config('statement_timeout', $5, true);
--   parameters: '75704cc3-34af-4328-b0a0-15a287bc3129', '1c10a3e3-6a1b-477f-8771-fb00ef4ef161', 'KAM', 'organization', '4000ms'
SELECT role, active, blocked_token FROM users WHERE id = $1;
--   parameters: '1c10a3e3-6a1b-477f-8771-fb00ef4ef161'
SELECT l.id, l.status, l.cp_id, l.customer_id, l.customer_name, l.customer_phone, l.address, l.state_code, l.remarks,
	l.follow_up_date, l.lost_reason, l.source, l.created_by, l.status_changed_at, l.created_at, l.updated_at,
	s.service_types, s.service_details FROM leads l LEFT JOIN LATERAL (SELECT array_agg(ls.service_type ORDER BY ls.position) AS service_types,
	                          array_agg(ls.details ORDER BY ls.position) AS service_details
	                     FROM lead_services ls WHERE ls.lead_id = l.id) s ON true WHERE l.org_id = $1 AND (l.cp_id IS NULL OR l.cp_id IN (SELECT u.id FROM users u WHERE u.kam_id = $2))  AND (CAST($3 AS text) IS NULL OR l.status = $4)
	  AND (CAST($5 AS uuid) IS NULL OR l.cp_id = CAST($6 AS uuid))
	  AND (CAST($7 AS text) IS NULL OR l.state_code = $8)
	  AND (CAST($9 AS text) IS NULL OR l.customer_phone = $10)
	  AND (CAST($11 AS text) IS NULL OR l.customer_name ILIKE $12 OR l.customer_phone LIKE $13)
	  AND (CAST($14 AS timestamptz) IS NULL OR l.updated_at >= CAST($15 AS timestamptz))
	  AND (CAST($16 AS timestamptz) IS NULL OR (l.created_at, l.id) < (CAST($17 AS timestamptz), $18))
	ORDER BY l.created_at DESC, l.id DESC
	LIMIT $19;
--   parameters: '75704cc3-34af-4328-b0a0-15a287bc3129', '1c10a3e3-6a1b-477f-8771-fb00ef4ef161', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '51'
COMMIT;
