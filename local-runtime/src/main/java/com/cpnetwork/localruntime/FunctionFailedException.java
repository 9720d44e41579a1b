package com.cpnetwork.localruntime;

/** An invocation failed: the function threw, or its parameters could not be bound. Already logged when thrown. */
final class FunctionFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FunctionFailedException(String functionName, Throwable cause) {
        super("Function '" + functionName + "' failed: " + cause, cause);
    }
}
