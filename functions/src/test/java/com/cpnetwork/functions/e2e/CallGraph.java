package com.cpnetwork.functions.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Which of the packaged app's own methods (classes under {@code com/cpnetwork/}) a method can call, read from the
 * bytecode with ASM: calls, lambdas and method references, and the classes each method creates with {@code new}. A
 * call on an interface or a non-final class may reach any of our subtypes' methods of that name, so reachability errs
 * toward "can" (overloads are not told apart either); code outside our classes is not followed.
 */
final class CallGraph {

    /** A method of one of our classes, by internal class name ({@code com/cpnetwork/Backend}) and method name. */
    record Method(String owner, String name) {
        @Override
        public String toString() {
            return owner.replace('/', '.') + "." + name;
        }
    }

    private final Map<String, Set<String>> supertypes = new HashMap<>();
    private final Map<Method, Set<Method>> calls = new HashMap<>();
    private final Map<Method, Set<String>> creates = new HashMap<>();
    private final Map<String, List<Method>> byName = new HashMap<>();
    private final Map<Method, Set<Method>> targets = new HashMap<>();

    private CallGraph() {
    }

    /** Our classes in the packaged app in {@code appDir}: its own jar and those of its libraries. */
    static CallGraph of(Path appDir) {
        CallGraph graph = new CallGraph();
        try (Stream<Path> top = Files.list(appDir); Stream<Path> lib = Files.list(appDir.resolve("lib"))) {
            for (Path jar : Stream.concat(top, lib).filter(file -> file.toString().endsWith(".jar")).toList()) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    for (ZipEntry entry : Collections.list(zip.entries())) {
                        if (entry.getName().startsWith("com/cpnetwork/") && entry.getName().endsWith(".class")) {
                            try (InputStream bytes = zip.getInputStream(entry)) {
                                graph.read(new ClassReader(bytes));
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (graph.supertypes.isEmpty()) {
            throw new IllegalStateException("No com.cpnetwork classes in the jars of " + appDir);
        }
        graph.calls.keySet().forEach(declared -> graph.byName.computeIfAbsent(declared.name(), name -> new ArrayList<>()).add(declared));
        return graph;
    }

    /**
     * Every method reachable from {@code start}, {@code start} included. Methods in {@code leaves} are reached but not
     * followed.
     */
    Set<Method> reachableFrom(Method start, Set<Method> leaves) {
        if (!calls.containsKey(start)) {
            throw new IllegalArgumentException("No method " + start + " in the app's bytecode");
        }
        Set<Method> reached = new LinkedHashSet<>();
        Deque<Method> next = new ArrayDeque<>(List.of(start));
        while (!next.isEmpty()) {
            Method method = next.pop();
            if (reached.add(method) && !leaves.contains(method)) {
                calls.getOrDefault(method, Set.of()).stream().flatMap(callee -> targets(callee).stream()).forEach(next::push);
            }
        }
        return reached;
    }

    /** The classes {@code method} creates with {@code new}, internal names. */
    Set<String> creates(Method method) {
        return creates.getOrDefault(method, Set.of());
    }

    /** The methods a call to {@code callee} may run: that class's, a supertype's it inherits, or a subtype's override. */
    private Set<Method> targets(Method callee) {
        return targets.computeIfAbsent(callee, call -> byName.getOrDefault(call.name(), List.of()).stream()
                .filter(declared -> isSubtype(declared.owner(), call.owner()) || isSubtype(call.owner(), declared.owner()))
                .collect(Collectors.toSet()));
    }

    private boolean isSubtype(String type, String of) {
        if (type.equals(of)) {
            return true;
        }
        return supertypes.getOrDefault(type, Set.of()).stream().anyMatch(parent -> isSubtype(parent, of));
    }

    private void read(ClassReader reader) {
        String owner = reader.getClassName();
        Set<String> parents = new HashSet<>(List.of(reader.getInterfaces()));
        // Not Object: every constructor calls Object's, which would then reach every constructor.
        if (reader.getSuperName() != null && !reader.getSuperName().equals("java/lang/Object")) {
            parents.add(reader.getSuperName());
        }
        supertypes.put(owner, parents);
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new Edges(new Method(owner, name));
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    }

    /** What one method's code calls, points to with a lambda or method reference, and creates. */
    private final class Edges extends MethodVisitor {
        private final Method method;
        private final Set<Method> called;

        Edges(Method method) {
            super(Opcodes.ASM9);
            this.method = method;
            this.called = calls.computeIfAbsent(method, key -> new LinkedHashSet<>());
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            called.add(new Method(owner, name));
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            for (Object argument : arguments) {
                // A method's handle, not a field's (a record's toString names its fields).
                if (argument instanceof Handle handle && handle.getTag() >= Opcodes.H_INVOKEVIRTUAL) {
                    called.add(new Method(handle.getOwner(), handle.getName()));
                }
            }
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            if (opcode == Opcodes.NEW) {
                creates.computeIfAbsent(method, key -> new HashSet<>()).add(type);
            }
        }
    }
}
