package com.cpnetwork.testapp;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Queue functions: one recording message and metadata (a message starting "fail:" always fails, "fail-once:" fails
 * its first delivery), one binary, one slow one that counts how many run at once.
 */
public final class QueueFunctions {
    private static final AtomicInteger running = new AtomicInteger();

    @FunctionName("Jobs")
    public void jobs(@QueueTrigger(name = "message", queueName = "jobs", connection = "AzureWebJobsStorage") String message,
                     @BindingName("DequeueCount") long dequeueCount,
                     @BindingName("Id") String id,
                     @BindingName("QueueTrigger") String queueTrigger,
                     @BindingName("InsertionTime") String insertionTime,
                     @BindingName("ExpirationTime") String expirationTime,
                     @BindingName("NextVisibleTime") String nextVisibleTime,
                     @BindingName("PopReceipt") String popReceipt,
                     ExecutionContext context) {
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("message", message);
        seen.put("dequeueCount", dequeueCount);
        seen.put("id", id);
        seen.put("queueTrigger", queueTrigger);
        seen.put("insertionTime", insertionTime);
        seen.put("expirationTime", expirationTime);
        seen.put("nextVisibleTime", nextVisibleTime);
        seen.put("popReceipt", popReceipt);
        seen.put("invocationId", context.getInvocationId());
        Reports.write("Jobs", seen);
        if (message.startsWith("fail:") || (message.startsWith("fail-once:") && dequeueCount == 1)) {
            throw new IllegalStateException("failing on demand: " + message);
        }
    }

    @FunctionName("BinaryJobs")
    public void binaryJobs(@QueueTrigger(name = "content", queueName = "binary-jobs", dataType = "binary",
            connection = "AzureWebJobsStorage") byte[] content) {
        Reports.write("BinaryJobs", Map.of("base64", Base64.getEncoder().encodeToString(content)));
    }

    @FunctionName("SlowJobs")
    public void slowJobs(@QueueTrigger(name = "message", queueName = "slow-jobs", connection = "AzureWebJobsStorage") String message)
            throws InterruptedException {
        int concurrent = running.incrementAndGet();
        try {
            Thread.sleep(300);
        } finally {
            running.decrementAndGet();
        }
        Reports.write("SlowJobs", Map.of("message", message, "concurrent", concurrent));
    }
}
