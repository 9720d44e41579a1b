package com.cpnetwork.functions.quotations;

import com.cpnetwork.functions.BackendHolder;
import com.cpnetwork.platform.outbox.Outbox;
import com.cpnetwork.platform.storage.StorageLayout;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;

/** Renders proposal PDFs from the queue; when the queue gives up on one, marks it failed. */
public final class ProposalFunctions {

    @FunctionName("RenderProposal")
    public void render(
            @QueueTrigger(name = "message", queueName = StorageLayout.PDF_JOBS, connection = "DataStorage") String message,
            ExecutionContext context) {
        BackendHolder.get().proposalJobs().render(Outbox.outboxIdOf(message));
    }

    @FunctionName("ProposalFailed")
    public void failed(
            @QueueTrigger(name = "message", queueName = StorageLayout.PDF_JOBS + "-poison", connection = "DataStorage") String message,
            ExecutionContext context) {
        BackendHolder.get().proposalJobs().giveUp(Outbox.outboxIdOf(message));
    }
}
