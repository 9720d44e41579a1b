package com.cpnetwork.functions.documents;

import com.cpnetwork.platform.FieldChecks;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * One event of an Event Grid delivery (Event Grid schema), as far as this app reads it: the subscription handshake
 * and Defender for Storage's malware scan results. Other fields of the event are ignored.
 */
record EventGridEvent(String id, String eventType, String subject, Data data) {

    static final String SUBSCRIPTION_VALIDATION = "Microsoft.EventGrid.SubscriptionValidationEvent";
    static final String MALWARE_SCANNING_RESULT = "Microsoft.Security.MalwareScanningResult";

    /** The fields of both events' {@code data} this app uses. */
    record Data(String validationCode, String blobUri, String eTag, String scanResultType) {
    }

    EventGridEvent {
        FieldChecks checks = new FieldChecks().required("eventType", eventType).required("data", data);
        if (SUBSCRIPTION_VALIDATION.equals(eventType) && data != null) {
            checks.required("data.validationCode", data.validationCode());
        }
        if (MALWARE_SCANNING_RESULT.equals(eventType) && data != null) {
            checks.required("data.blobUri", data.blobUri()).required("data.eTag", data.eTag())
                    .required("data.scanResultType", data.scanResultType())
                    .check(data.blobUri() == null || isHttpUrl(data.blobUri()), "data.blobUri", "must be a blob URL");
        }
        checks.verify();
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null && uri.getPath() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
