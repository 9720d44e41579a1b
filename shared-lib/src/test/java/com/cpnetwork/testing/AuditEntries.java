package com.cpnetwork.testing;

import com.cpnetwork.platform.Caller;
import java.time.Instant;

/** Many audit entries at once, written below the application as the owner, for exports of realistic size. */
public final class AuditEntries {

    private AuditEntries() {
    }

    /**
     * {@code count} entries shaped like a lead update (old and new JSON of about 300 bytes each, one cell that looks
     * like a formula) by the admin, ten seconds apart from {@code from}. They name leads from LEAD-900000001 on, which
     * no test creates: ids from the lead sequence (LEAD-1000 on) would give a later test's new lead this history.
     */
    public static void insertLeadUpdates(Caller admin, int count, Instant from) {
        Rows.execute("""
                INSERT INTO audit_log (org_id, actor_id, action, entity_type, entity_id, old_value, new_value, at, request_id)
                SELECT ?, ?, 'LEAD_UPDATED', 'LEAD', 'LEAD-' || (900000000 + n), lead || '{"status": "QUOTATION_SENT"}', lead || '{"status": "CUSTOMER_ACCEPTED"}',
                       ?::timestamptz + n * interval '10 seconds', 'req-' || n
                  FROM generate_series(1, ?) AS n,
                       LATERAL (SELECT jsonb_build_object('customerName', 'Customer ' || n, 'address', 'Flat ' || n || ', MG Road, Pune, "Maharashtra"',
                                       'notes', '=SUM(A1:A9) looks like a formula',
                                       'services', jsonb_build_array(jsonb_build_object('type', 'SOLAR_ROOFTOP', 'capacityKw', 5)))) AS l(lead)""",
                admin.orgId(), admin.userId(), from.toString(), count);
    }
}
