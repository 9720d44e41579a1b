package com.cpnetwork.testapp;

import com.azure.storage.blob.BlobClient;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.BlobTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import java.util.LinkedHashMap;
import java.util.Map;

/** Blob functions: content as text and as bytes, a BlobClient without download, and one that always fails. */
public final class BlobFunctions {

    @FunctionName("UploadText")
    public void uploadText(@BlobTrigger(name = "content", path = "uploads/{org}/{doc}.{ext}", connection = "AzureWebJobsStorage") String content,
                           @BindingName("org") String org,
                           @BindingName("doc") String doc,
                           @BindingName("ext") String ext,
                           @BindingName("BlobTrigger") String blobTrigger,
                           @BindingName("Uri") String uri,
                           @BindingName("Properties") String properties,
                           @BindingName("Metadata") String metadata) {
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("content", content);
        seen.put("org", org);
        seen.put("doc", doc);
        seen.put("ext", ext);
        seen.put("blobTrigger", blobTrigger);
        seen.put("uri", uri);
        seen.put("properties", properties);
        seen.put("metadata", metadata);
        Reports.write("UploadText", seen);
    }

    @FunctionName("UploadBytes")
    public void uploadBytes(@BlobTrigger(name = "content", path = "bytes/{name}", dataType = "binary", connection = "AzureWebJobsStorage") byte[] content,
                            @BindingName("name") String name) {
        Reports.write("UploadBytes", Map.of("name", name, "length", content.length));
    }

    @FunctionName("UploadClient")
    public void uploadClient(@BlobTrigger(name = "blob", path = "raw/{name}", source = "EventGrid", connection = "AzureWebJobsStorage") BlobClient blob,
                             @BindingName("name") String name) {
        Reports.write("UploadClient", Map.of(
                "name", name,
                "clientContainer", blob.getContainerName(),
                "clientBlobName", blob.getBlobName(),
                "size", blob.getProperties().getBlobSize()));
    }

    @FunctionName("UploadFailing")
    public void uploadFailing(@BlobTrigger(name = "content", path = "failing/{name}", connection = "AzureWebJobsStorage") String content,
                              @BindingName("name") String name) {
        Reports.write("UploadFailing", Map.of("name", name));
        throw new IllegalStateException("failing on purpose: " + name);
    }
}
