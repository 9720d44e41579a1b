package com.cpnetwork.leads;

import com.cpnetwork.platform.FieldChecks;
import java.util.List;

/** {@code POST /v1/serviceRequests}: a customer's cart of services, which becomes one lead. */
public record ServiceRequest(List<RequestedService> services, String address, String stateCode, String remarks) {

    public ServiceRequest {
        FieldChecks checks = new FieldChecks()
                .required("stateCode", stateCode).stateCode("stateCode", stateCode)
                .text("address", address, 1000)
                .text("remarks", remarks, 4000);
        ServiceLines.check(checks, services);
        checks.verify();
    }
}
