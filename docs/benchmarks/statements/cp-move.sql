-- CP moves a lead forward (`PATCH /v1/leads/{id}`): the statements of one request, in order
BEGIN;
SELECT set_config('app.org_id', $1, true),
	       set_config('app.user_id', $2, true),
	       set_config('app.role', $3, true),
	       set_config('app.scope', $4, true),
	       set_config('statement_timeout', $5, true);
--   parameters: '75704cc3-34af-4328-b0a0-15a287bc3129', '7a5c1da1-e94d-4939-b12c-afbf16fa8265', 'CP', 'organization', '4000ms'
SELECT role, active, blocked_token FROM users WHERE id = $1;
--   parameters: '7a5c1da1-e94d-4939-b12c-afbf16fa8265'
SELECT l.id, l.status, l.cp_id, l.customer_id, l.customer_name, l.customer_phone, l.address, l.state_code, l.remarks,
	l.follow_up_date, l.lost_reason, l.source, l.created_by, l.status_changed_at, l.created_at, l.updated_at,
	s.service_types, s.service_details FROM leads l LEFT JOIN LATERAL (SELECT array_agg(ls.service_type ORDER BY ls.position) AS service_types,
	                          array_agg(ls.details ORDER BY ls.position) AS service_details
	                     FROM lead_services ls WHERE ls.lead_id = l.id) s ON true WHERE l.id = $1 AND (l.cp_id = $2) FOR UPDATE OF l;
--   parameters: 'LEAD-34221', '7a5c1da1-e94d-4939-b12c-afbf16fa8265'
UPDATE leads SET status = $1, cp_id = CAST($2 AS uuid), remarks = $3, follow_up_date = CAST($4 AS date),
	                 lost_reason = $5, status_changed_at = $6, updated_at = $7
	 WHERE id = $8;
--   parameters: 'IN_DISCUSSION', '7a5c1da1-e94d-4939-b12c-afbf16fa8265', 'Call after 6 pm', NULL, NULL, '2026-12-01 17:50:43.656849+00', '2026-12-01 17:50:43.656849+00', 'LEAD-34221'
INSERT INTO lead_status_history (org_id, lead_id, from_status, to_status, actor_id, at, override, reason,
	                                 seconds_in_previous_status)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CAST($9 AS bigint));
--   parameters: '75704cc3-34af-4328-b0a0-15a287bc3129', 'LEAD-34221', 'NEW', 'IN_DISCUSSION', '7a5c1da1-e94d-4939-b12c-afbf16fa8265', '2026-12-01 17:50:43.656849+00', 'f', NULL, '60992540'
INSERT INTO audit_log (org_id, actor_id, action, entity_type, entity_id, old_value, new_value, at, request_id)
	VALUES ($1, CAST($2 AS uuid), $3, $4, $5, CAST($6 AS jsonb), CAST($7 AS jsonb), $8, $9);
--   parameters: '75704cc3-34af-4328-b0a0-15a287bc3129', '7a5c1da1-e94d-4939-b12c-afbf16fa8265', 'LEAD_UPDATED', 'LEAD', 'LEAD-34221', '{"id":"LEAD-34221","status":"NEW","cpId":"7a5c1da1-e94d-4939-b12c-afbf16fa8265","customerId":"f46994e3-1d6d-4048-ba60-0c5de23c9fc0","customerName":"Customer 77099","customerPhone":"+919700077099","address":"Plot 33221, Main Road","stateCode":"KA","services":[{"type":"SOLAR_WATER_HEATER","details":"About 3 kW"}],"remarks":"Call after 6 pm","followUpDate":null,"lostReason":null,"source":"CP","createdBy":"7a5c1da1-e94d-4939-b12c-afbf16fa8265","statusChangedAt":"2024-12-25T19:28:23.256357Z","createdAt":"2024-12-24T19:28:23.256357Z","updatedAt":"2025-01-04T19:28:23.256357Z"}', '{"id":"LEAD-34221","status":"IN_DISCUSSION","cpId":"7a5c1da1-e94d-4939-b12c-afbf16fa8265","customerId":"f46994e3-1d6d-4048-ba60-0c5de23c9fc0","customerName":"Customer 77099","customerPhone":"+919700077099","address":"Plot 33221, Main Road","stateCode":"KA","services":[{"type":"SOLAR_WATER_HEATER","details":"About 3 kW"}],"remarks":"Call after 6 pm","followUpDate":null,"lostReason":null,"source":"CP","createdBy":"7a5c1da1-e94d-4939-b12c-afbf16fa8265","statusChangedAt":"2026-12-01T17:50:43.656848868Z","createdAt":"2024-12-24T19:28:23.256357Z","updatedAt":"2026-12-01T17:50:43.656848868Z"}', '2026-12-01 17:50:43.658222+00', '6ff1111a-b3ec-475b-9baa-c3239643c513'
COMMIT;
