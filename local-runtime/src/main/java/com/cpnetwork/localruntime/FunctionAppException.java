package com.cpnetwork.localruntime;

/** The packaged function app cannot be run: missing, malformed, or asking for something the local runtime does not do. */
public final class FunctionAppException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FunctionAppException(String message) {
        super(message);
    }

    FunctionAppException(String message, Throwable cause) {
        super(message, cause);
    }
}
