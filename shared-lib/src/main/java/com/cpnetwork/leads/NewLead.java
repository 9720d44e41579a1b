package com.cpnetwork.leads;

import com.cpnetwork.platform.FieldChecks;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** {@code POST /v1/leads}: a lead a CP, KAM or admin brings in. {@code cpId} is for KAMs and admins. */
public record NewLead(String customerName, String customerPhone, String address, String stateCode,
                      List<RequestedService> services, String remarks, LocalDate followUpDate, UUID cpId) {

    public NewLead {
        FieldChecks checks = new FieldChecks()
                .required("customerName", customerName).text("customerName", customerName, 200)
                .required("customerPhone", customerPhone).phoneShape("customerPhone", customerPhone)
                .required("stateCode", stateCode).stateCode("stateCode", stateCode)
                .text("address", address, 1000)
                .text("remarks", remarks, 4000);
        ServiceLines.check(checks, services);
        checks.verify();
    }
}
