package com.cpnetwork.localruntime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code <Function>/function.json} as azure-functions-maven-plugin writes it.
 *
 * @param name       the function name (its directory)
 * @param scriptFile the jar holding the entry point
 * @param className  the entry point's class
 * @param methodName the entry point's method
 * @param trigger    the one trigger binding
 * @param kind       which trigger it is
 */
record FunctionDefinition(String name, Path scriptFile, String className, String methodName, Binding trigger, TriggerKind kind) {

    static FunctionDefinition read(Path functionJson, ObjectMapper json) {
        Path dir = functionJson.getParent();
        String name = dir.getFileName().toString();
        JsonNode root;
        try {
            root = json.readTree(functionJson.toFile());
        } catch (IOException e) {
            throw new FunctionAppException("Cannot read " + functionJson + ": " + e.getMessage(), e);
        }
        String entryPoint = root.path("entryPoint").asText();
        int dot = entryPoint.lastIndexOf('.');
        if (dot <= 0 || !root.path("scriptFile").isTextual()) {
            throw new FunctionAppException("Function '" + name + "': function.json needs a scriptFile and an entryPoint "
                    + "of the form package.Class.method (" + functionJson + ")");
        }
        List<Binding> bindings = new ArrayList<>();
        root.path("bindings").forEach(node -> bindings.add(Binding.of(node)));
        Binding trigger = triggerOf(name, bindings);
        TriggerKind kind = TriggerKind.of(trigger.type()).orElseThrow(() -> unsupported(name, trigger));
        return new FunctionDefinition(name, dir.resolve(root.path("scriptFile").asText()).normalize(),
                entryPoint.substring(0, dot), entryPoint.substring(dot + 1), trigger, kind);
    }

    private static Binding triggerOf(String name, List<Binding> bindings) {
        List<Binding> triggers = bindings.stream().filter(TriggerKind::isTrigger).toList();
        if (triggers.size() != 1) {
            throw new FunctionAppException("Function '" + name + "' has " + triggers.size() + " trigger bindings; it needs exactly one.");
        }
        bindings.stream()
                .filter(binding -> !TriggerKind.isTrigger(binding) && !binding.isHttpOutput())
                .findFirst()
                .ifPresent(binding -> {
                    throw unsupported(name, binding);
                });
        return triggers.get(0);
    }

    private static FunctionAppException unsupported(String function, Binding binding) {
        return new FunctionAppException("Function '" + function + "' uses binding type '" + binding.type() + "' (direction "
                + binding.direction() + ", name '" + binding.name() + "'), which the local runtime does not support. "
                + "It serves httpTrigger with its http output, queueTrigger, blobTrigger and timerTrigger.");
    }
}
