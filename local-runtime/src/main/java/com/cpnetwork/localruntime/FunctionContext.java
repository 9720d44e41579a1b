package com.cpnetwork.localruntime;

import com.microsoft.azure.functions.ExecutionContext;
import java.util.logging.Logger;

/** The {@link ExecutionContext} of one invocation. */
record FunctionContext(String invocationId, String functionName, Logger logger) implements ExecutionContext {

    @Override
    public Logger getLogger() {
        return logger;
    }

    @Override
    public String getInvocationId() {
        return invocationId;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }
}
