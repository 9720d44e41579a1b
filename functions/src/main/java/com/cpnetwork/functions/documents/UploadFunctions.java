package com.cpnetwork.functions.documents;

import com.azure.storage.blob.BlobClient;
import com.cpnetwork.documents.UploadInspection;
import com.cpnetwork.documents.UploadInspection.ScanOutcome;
import com.cpnetwork.functions.BackendHolder;
import com.cpnetwork.functions.http.Api;
import com.cpnetwork.functions.http.Reply;
import com.cpnetwork.platform.storage.StorageLayout;
import com.cpnetwork.platform.storage.StorageSettings;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.BlobTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Uploads landing in storage: the validator (blob trigger) and Defender for Storage's scan results (Event Grid webhook). */
public final class UploadFunctions {

    /**
     * Each blob created or overwritten in the uploads container, delivered by Event Grid (Flex Consumption supports no
     * other blob trigger source). The blob is bound as a client, which the host builds without downloading anything;
     * only its name is used, and the validator reads at most its first 64 KiB.
     */
    @FunctionName("ValidateUpload")
    public void validateUpload(
            @BlobTrigger(name = "upload", path = StorageLayout.UPLOADS + "/{name}", source = "EventGrid", connection = StorageSettings.NAME)
            BlobClient upload, @BindingName("name") String name, ExecutionContext context) {
        BackendHolder.get().documents().inspection().inspect(name);
    }

    /**
     * Event Grid deliveries of Defender for Storage's {@code Microsoft.Security.MalwareScanningResult} events, and the
     * subscription's validation handshake. Exists only while malware scanning is on; {@code ?key=} must be the
     * webhook's key.
     */
    @FunctionName("MalwareScanResults")
    public HttpResponseMessage malwareScanResults(
            @HttpTrigger(name = "request", methods = HttpMethod.POST, route = "v1/webhooks/malwareScanResults",
                    authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        return Api.handle(request, context, call -> {
            UploadInspection inspection = BackendHolder.get().documents().inspection();
            inspection.authenticateScanResults(call.readQuery(fields -> fields.query("key")));
            Delivery delivery = call.readArray("events", fields -> fields.bind(Delivery.class));
            for (EventGridEvent event : delivery.events()) {
                if (EventGridEvent.SUBSCRIPTION_VALIDATION.equals(event.eventType())) {
                    return Reply.ok(Map.of("validationResponse", event.data().validationCode()));
                }
            }
            int recorded = 0;
            for (EventGridEvent event : delivery.events()) {
                if (EventGridEvent.MALWARE_SCANNING_RESULT.equals(event.eventType())) {
                    inspection.recordScanResult(URI.create(event.data().blobUri()), event.data().eTag(),
                            ScanOutcome.of(event.data().scanResultType()));
                    recorded++;
                }
            }
            return Reply.ok(Map.of("recorded", recorded));
        });
    }

    /** An Event Grid delivery: the events of the posted array. */
    record Delivery(List<EventGridEvent> events) {
        Delivery {
            events = events == null ? List.of() : List.copyOf(events);
        }
    }
}
