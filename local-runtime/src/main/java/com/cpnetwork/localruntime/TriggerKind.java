package com.cpnetwork.localruntime;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The trigger binding types the local runtime serves. */
enum TriggerKind {
    HTTP("httpTrigger"), QUEUE("queueTrigger"), BLOB("blobTrigger"), TIMER("timerTrigger");

    private final String bindingType;

    TriggerKind(String bindingType) {
        this.bindingType = bindingType;
    }

    static Optional<TriggerKind> of(String bindingType) {
        return Arrays.stream(values()).filter(kind -> kind.bindingType.equalsIgnoreCase(bindingType)).findFirst();
    }

    static boolean isTrigger(Binding binding) {
        return binding.type().toLowerCase(Locale.ROOT).endsWith("trigger");
    }
}
