-- CP creates a lead (`POST /v1/leads`): the statements of one request, in order
BEGIN;
SELECT set_config('app.org_id', $1, true),
	       set_config('app.user_id', $2, true),
	       set_config('app.role', $3, true),
	       set_config('app.scope', $4, true),
	       set_config('statement_timeout', $5, true);
--   parameters: '0c718f3a-4782-4f7c-9816-b63fa3d956a1', '00218cb4-010f-4706-aab2-f09b64c18010', 'CP', 'organization', '4000ms'
SELECT role, active, blocked_token FROM users WHERE id = $1;
--   parameters: '00218cb4-010f-4706-aab2-f09b64c18010'
SELECT pg_advisory_xact_lock(hashtextextended($1, 0));
--   parameters: 'customer-phone:0c718f3a-4782-4f7c-9816-b63fa3d956a1:+919600000099'
SELECT id, org_id, role, name, email, phone, state_code, kam_id, active, blocked_token, totp_enabled, created_at, updated_at FROM users WHERE org_id = $1 AND phone = $2 AND role = 'CUSTOMER'
	ORDER BY created_at LIMIT 1;
--   parameters: '0c718f3a-4782-4f7c-9816-b63fa3d956a1', '+919600000099'
INSERT INTO users (id, org_id, role, name, email, phone, state_code, kam_id, active, blocked_token,
	                   totp_enabled, password_hash, created_at, updated_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, CAST($8 AS uuid), $9, $10, $11, $12, $13, $14);
--   parameters: 'da3fa78f-97b4-49c8-8813-07cc3736f262', '0c718f3a-4782-4f7c-9816-b63fa3d956a1', 'CUSTOMER', 'Walk-in +919600000099', NULL, '+919600000099', NULL, NULL, 't', 'f', 'f', NULL, '2026-12-01 14:59:55.28289+00', '2026-12-01 14:59:55.28289+00'
INSERT INTO audit_log (org_id, actor_id, action, entity_type, entity_id, old_value, new_value, at, request_id)
	VALUES ($1, CAST($2 AS uuid), $3, $4, $5, CAST($6 AS jsonb), CAST($7 AS jsonb), $8, $9);
--   parameters: '0c718f3a-4782-4f7c-9816-b63fa3d956a1', '00218cb4-010f-4706-aab2-f09b64c18010', 'USER_CREATED', 'USER', 'da3fa78f-97b4-49c8-8813-07cc3736f262', NULL, '{"id":"da3fa78f-97b4-49c8-8813-07cc3736f262","orgId":"0c718f3a-4782-4f7c-9816-b63fa3d956a1","role":"CUSTOMER","name":"Walk-in +919600000099","email":null,"phone":"+919600000099","stateCode":null,"kamId":null,"active":true,"blockedToken":false,"mfaEnabled":false,"createdAt":"2026-12-01T14:59:55.282890429Z","updatedAt":"2026-12-01T14:59:55.282890429Z"}', '2026-12-01 14:59:55.283655+00', 'a235c01c-55f0-4f3f-81ec-dcdfaa5ef667'
SELECT id, status, cp_id, created_at FROM leads
	 WHERE org_id = $1 AND customer_phone = $2 AND status NOT IN ('EXECUTED', 'LOST')
	 ORDER BY created_at DESC, id DESC LIMIT 20;
--   parameters: '0c718f3a-4782-4f7c-9816-b63fa3d956a1', '+919600000099'
SELECT nextval('lead_number');
INSERT INTO leads (id, org_id, status, cp_id, customer_id, customer_name, customer_phone, address, state_code,
	                   remarks, follow_up_date, source, created_by, status_changed_at, created_at, updated_at)
	VALUES ($1, $2, $3, CAST($4 AS uuid), $5, $6, $7, $8, $9,
	        $10, CAST($11 AS date), $12, $13, $14, $15, $16);
--   parameters: 'LEAD-1001100', '0c718f3a-4782-4f7c-9816-b63fa3d956a1', 'NEW', '00218cb4-010f-4706-aab2-f09b64c18010', 'da3fa78f-97b4-49c8-8813-07cc3736f262', 'Walk-in +919600000099', '+919600000099', 'Shop 4, Station Road', 'RJ', NULL, NULL, 'CP', '00218cb4-010f-4706-aab2-f09b64c18010', '2026-12-01 14:59:55.284292+00', '2026-12-01 14:59:55.284292+00', '2026-12-01 14:59:55.284292+00'
INSERT INTO lead_services (lead_id, position, org_id, service_type, details)
	SELECT $1, line.n - 1, $2, line.type, line.details
	  FROM unnest(CAST($3 AS text[]), CAST($4 AS text[])) WITH ORDINALITY AS line(type, details, n);
--   parameters: 'LEAD-1001100', '0c718f3a-4782-4f7c-9816-b63fa3d956a1', '{SOLAR_ROOFTOP,BATTERY_STORAGE}', '{"About 5 kW","10 kWh"}'
INSERT INTO lead_status_history (org_id, lead_id, from_status, to_status, actor_id, at, override, reason,
	                                 seconds_in_previous_status)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CAST($9 AS bigint));
--   parameters: '0c718f3a-4782-4f7c-9816-b63fa3d956a1', 'LEAD-1001100', NULL, 'NEW', '00218cb4-010f-4706-aab2-f09b64c18010', '2026-12-01 14:59:55.284292+00', 'f', NULL, NULL
INSERT INTO audit_log (org_id, actor_id, action, entity_type, entity_id, old_value, new_value, at, request_id)
	VALUES ($1, CAST($2 AS uuid), $3, $4, $5, CAST($6 AS jsonb), CAST($7 AS jsonb), $8, $9);
--   parameters: '0c718f3a-4782-4f7c-9816-b63fa3d956a1', '00218cb4-010f-4706-aab2-f09b64c18010', 'LEAD_CREATED', 'LEAD', 'LEAD-1001100', NULL, '{"id":"LEAD-1001100","status":"NEW","cpId":"00218cb4-010f-4706-aab2-f09b64c18010","customerId":"da3fa78f-97b4-49c8-8813-07cc3736f262","customerName":"Walk-in +919600000099","customerPhone":"+919600000099","address":"Shop 4, Station Road","stateCode":"RJ","services":[{"type":"SOLAR_ROOFTOP","details":"About 5 kW"},{"type":"BATTERY_STORAGE","details":"10 kWh"}],"remarks":null,"followUpDate":null,"lostReason":null,"source":"CP","createdBy":"00218cb4-010f-4706-aab2-f09b64c18010","statusChangedAt":"2026-12-01T14:59:55.284291651Z","createdAt":"2026-12-01T14:59:55.284291651Z","updatedAt":"2026-12-01T14:59:55.284291651Z"}', '2026-12-01 14:59:55.286364+00', 'a235c01c-55f0-4f3f-81ec-dcdfaa5ef667'
COMMIT;
