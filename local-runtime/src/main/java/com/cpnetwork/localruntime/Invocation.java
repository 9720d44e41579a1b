package com.cpnetwork.localruntime;

import java.lang.reflect.Type;
import java.util.Map;

/**
 * What a trigger hands to a function: its value, produced for the declared parameter type, and the trigger metadata
 * that {@code @BindingName} parameters read.
 */
record Invocation(TriggerValue trigger, Map<String, Object> metadata) {

    /** The trigger's value as the declared parameter type; deferred so a blob is downloaded only when bound as content. */
    @FunctionalInterface
    interface TriggerValue {
        Object as(Type parameterType) throws Exception;
    }
}
