-- CP creates a lead (`POST /v1/leads`): the statements of one request, in order
BEGIN;
SELECT set_config('app.org_id', $1, true),
	       set_config('app.user_id', $2, true),
	       set_config('app.role', $3, true),
	       set_config('app.scope', $4, true),
	       set_config('statement_timeout', $5, true);
--   parameters: '75704cc3-34af-4328-b0a0-15a287bc3129', '32a53ee5-1a0c-4e0c-835c-998f587b6fd2', 'CP', 'organization', '4000ms'
SELECT role, active, blocked_token FROM users WHERE id = $1;
--   parameters: '32a53ee5-1a0c-4e0c-835c-998f587b6fd2'
SELECT pg_advisory_xact_lock(hashtextextended($1, 0));
--   parameters: 'customer-phone:75704cc3-34af-4328-b0a0-15a287bc3129:+919600000099'
SELECT id, org_id, role, name, email, phone, state_code, kam_id, active, blocked_token, totp_enabled, created_at, updated_at FROM users WHERE org_id = $1 AND phone = $2 AND role = 'CUSTOMER'
	ORDER BY created_at LIMIT 1;
--   parameters: '75704cc3-34af-4328-b0a0-15a287bc3129', '+919600000099'
INSERT INTO users (id, org_id, role, name, email, phone, state_code, kam_id, active, blocked_token,
	                   totp_enabled, password_hash, created_at, updated_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, CAST($8 AS uuid), $9, $10, $11, $12, $13, $14);
--   parameters: '20bda97a-a204-41f5-8717-19e3661035ce', '75704cc3-34af-4328-b0a0-15a287bc3129', 'CUSTOMER', 'Walk-in +919600000099', NULL, '+919600000099', NULL, NULL, 't', 'f', 'f', NULL, '2026-12-01 17:50:44.960484+00', '2026-12-01 17:50:44.960484+00'
INSERT INTO audit_log (org_id, actor_id, action, entity_type, entity_id, old_value, new_value, at, request_id)
	VALUES ($1, CAST($2 AS uuid), $3, $4, $5, CAST($6 AS jsonb), CAST($7 AS jsonb), $8, $9);
--   parameters: '75704cc3-34af-4328-b0a0-15a287bc3129', '32a53ee5-1a0c-4e0c-835c-998f587b6fd2', 'USER_CREATED', 'USER', '20bda97a-a204-41f5-8717-19e3661035ce', NULL, '{"id":"20bda97a-a204-41f5-8717-19e3661035ce","orgId":"75704cc3-34af-4328-b0a0-15a287bc3129","role":"CUSTOMER","name":"Walk-in +919600000099","email":null,"phone":"+919600000099","stateCode":null,"kamId":null,"active":true,"blockedToken":false,"mfaEnabled":false,"createdAt":"2026-12-01T17:50:44.960483621Z","updatedAt":"2026-12-01T17:50:44.960483621Z"}', '2026-12-01 17:50:44.960888+00', 'eadb21fb-ca3e-4629-a07a-25245cfea7a1'
SELECT id, status, cp_id, created_at FROM leads
	 WHERE org_id = $1 AND customer_phone = $2 AND status NOT IN ('EXECUTED', 'LOST')
	 ORDER BY created_at DESC, id DESC LIMIT 20;
--   parameters: '75704cc3-34af-4328-b0a0-15a287bc3129', '+919600000099'
SELECT nextval('lead_number');
INSERT INTO leads (id, org_id, status, cp_id, customer_id, customer_name, customer_phone, address, state_code,
	                   remarks, follow_up_date, source, created_by, status_changed_at, created_at, updated_at)
	VALUES ($1, $2, $3, CAST($4 AS uuid), $5, $6, $7, $8, $9,
	        $10, CAST($11 AS date), $12, $13, $14, $15, $16);
--   parameters: 'LEAD-1001120', '75704cc3-34af-4328-b0a0-15a287bc3129', 'NEW', '32a53ee5-1a0c-4e0c-835c-998f587b6fd2', '20bda97a-a204-41f5-8717-19e3661035ce', 'Walk-in +919600000099', '+919600000099', 'Shop 4, Station Road', 'RJ', NULL, NULL, 'CP', '32a53ee5-1a0c-4e0c-835c-998f587b6fd2', '2026-12-01 17:50:44.961193+00', '2026-12-01 17:50:44.961193+00', '2026-12-01 17:50:44.961193+00'
INSERT INTO lead_services (lead_id, position, org_id, service_type, details)
	SELECT $1, line.n - 1, $2, line.type, line.details
	  FROM unnest(CAST($3 AS text[]), CAST($4 AS text[])) WITH ORDINALITY AS line(type, details, n);
--   parameters: 'LEAD-1001120', '75704cc3-34af-4328-b0a0-15a287bc3129', '{SOLAR_ROOFTOP,BATTERY_STORAGE}', '{"About 5 kW","10 kWh"}'
INSERT INTO lead_status_history (org_id, lead_id, from_status, to_status, actor_id, at, override, reason,
	                                 seconds_in_previous_status)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CAST($9 AS bigint));
--   parameters: '75704cc3-34af-4328-b0a0-15a287bc3129', 'LEAD-1001120', NULL, 'NEW', '32a53ee5-1a0c-4e0c-835c-998f587b6fd2', '2026-12-01 17:50:44.961193+00', 'f', NULL, NULL
INSERT INTO audit_log (org_id, actor_id, action, entity_type, entity_id, old_value, new_value, at, request_id)
	VALUES ($1, CAST($2 AS uuid), $3, $4, $5, CAST($6 AS jsonb), CAST($7 AS jsonb), $8, $9);
--   parameters: '75704cc3-34af-4328-b0a0-15a287bc3129', '32a53ee5-1a0c-4e0c-835c-998f587b6fd2', 'LEAD_CREATED', 'LEAD', 'LEAD-1001120', NULL, '{"id":"LEAD-1001120","status":"NEW","cpId":"32a53ee5-1a0c-4e0c-835c-998f587b6fd2","customerId":"20bda97a-a204-41f5-8717-19e3661035ce","customerName":"Walk-in +919600000099","customerPhone":"+919600000099","address":"Shop 4, Station Road","stateCode":"RJ","services":[{"type":"SOLAR_ROOFTOP","details":"About 5 kW"},{"type":"BATTERY_STORAGE","details":"10 kWh"}],"remarks":null,"followUpDate":null,"lostReason":null,"source":"CP","createdBy":"32a53ee5-1a0c-4e0c-835c-998f587b6fd2","statusChangedAt":"2026-12-01T17:50:44.961193124Z","createdAt":"2026-12-01T17:50:44.961193124Z","updatedAt":"2026-12-01T17:50:44.961193124Z"}', '2026-12-01 17:50:44.962291+00', 'eadb21fb-ca3e-4629-a07a-25245cfea7a1'
COMMIT;
