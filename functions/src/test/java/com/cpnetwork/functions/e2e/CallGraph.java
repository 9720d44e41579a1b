package com.cpnetwork.functions.e2e;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Which of the packaged app's own methods (classes under {@code com/cpnetwork/}) a method can call, read from the
 * bytecode with the JDK's javap: calls, lambdas and method references, and the classes each method creates with
 * {@code new}. A call on an interface or a non-final class may reach any of our subtypes' methods of that name, so
 * reachability errs toward "can" (overloads are not told apart either); code outside our classes is not followed.
 */
final class CallGraph {

    /** A method of one of our classes, by internal class name ({@code com/cpnetwork/Backend}) and method name. */
    record Method(String owner, String name) {
        @Override
        public String toString() {
            return owner.replace('/', '.') + "." + name;
        }
    }

    private static final Pattern DECLARATION = Pattern.compile(
            "^(?:(?:public|protected|private|abstract|final|static|sealed|non-sealed|strictfp) )*(?:class|interface) ([\\w.$]+)(.*)$");
    private static final Pattern MEMBER = Pattern.compile("^  (?! )(.*\\S);$");
    private static final Pattern CALL = Pattern.compile(
            "^\\s+\\d+: invoke\\w+\\s+#\\d+.*// (?:Method|InterfaceMethod) (?:([\\w/$]+)\\.)?\"?([\\w$<>]+)\"?:");
    private static final Pattern INVOKE_DYNAMIC = Pattern.compile("^\\s+\\d+: invokedynamic\\s+#\\d+.*// InvokeDynamic #(\\d+):");
    private static final Pattern NEW = Pattern.compile("^\\s+\\d+: new\\s+#\\d+\\s+// class ([\\w/$]+)");
    private static final Pattern BOOTSTRAP = Pattern.compile("^  (\\d+): #\\d+ ");
    private static final Pattern HANDLE = Pattern.compile("^\\s+#\\d+ REF_(?:invoke\\w+|newInvokeSpecial) ([\\w/$]+)\\.\"?([\\w$<>]+)\"?:");

    private final Map<String, Set<String>> supertypes = new HashMap<>();
    private final Map<Method, Set<Method>> calls = new HashMap<>();
    private final Map<Method, Set<String>> creates = new HashMap<>();
    private final Map<String, List<Method>> byName = new HashMap<>();
    private final Map<Method, Set<Method>> targets = new HashMap<>();

    private CallGraph() {
    }

    /** Our classes in the packaged app in {@code appDir}: its own jar and those of its libraries. */
    static CallGraph of(Path appDir) {
        List<String> jars = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        try (Stream<Path> top = Files.list(appDir); Stream<Path> lib = Files.list(appDir.resolve("lib"))) {
            for (Path jar : Stream.concat(top, lib).filter(file -> file.toString().endsWith(".jar")).toList()) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    List<String> ours = zip.stream().map(entry -> entry.getName())
                            .filter(name -> name.startsWith("com/cpnetwork/") && name.endsWith(".class") && !name.endsWith("module-info.class"))
                            .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                            .toList();
                    if (!ours.isEmpty()) {
                        jars.add(jar.toString());
                        classes.addAll(ours);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (classes.isEmpty()) {
            throw new IllegalStateException("No com.cpnetwork classes in the jars of " + appDir);
        }
        List<String> arguments = new ArrayList<>(List.of("-c", "-p", "-v", "-classpath", String.join(java.io.File.pathSeparator, jars)));
        arguments.addAll(classes);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ToolProvider.findFirst("javap").orElseThrow(() -> new IllegalStateException("javap is missing: run the tests on a JDK"))
                .run(new PrintWriter(out), new PrintWriter(err), arguments.toArray(String[]::new));
        if (exit != 0) {
            throw new IllegalStateException("javap failed (" + exit + "): " + err);
        }
        CallGraph graph = new CallGraph();
        graph.read(out.toString());
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

    private void read(String javap) {
        String owner = null;
        Method method = null;
        boolean inMembers = false;
        boolean inBootstrap = false;
        int bootstrap = -1;
        Map<Integer, List<Method>> handles = new HashMap<>();
        Map<Method, List<Integer>> dynamicCalls = new HashMap<>();
        for (String line : javap.split("\n")) {
            Matcher matcher;
            if (line.startsWith("Classfile ")) {
                link(handles, dynamicCalls);
                owner = null;
                method = null;
                inBootstrap = false;
            } else if (owner == null && (matcher = DECLARATION.matcher(line)).matches()) {
                owner = matcher.group(1).replace('.', '/');
                supertypes.put(owner, supertypesIn(matcher.group(2)));
            } else if (line.equals("{") || line.equals("}")) {
                inMembers = line.equals("{");
                method = null;
            } else if (line.equals("BootstrapMethods:")) {
                inBootstrap = true;
            } else if (inBootstrap && !line.startsWith(" ")) {
                inBootstrap = false;
            } else if (inBootstrap && (matcher = BOOTSTRAP.matcher(line)).find()) {
                bootstrap = Integer.parseInt(matcher.group(1));
            } else if (inBootstrap && (matcher = HANDLE.matcher(line)).find()) {
                handles.computeIfAbsent(bootstrap, index -> new ArrayList<>()).add(new Method(matcher.group(1), matcher.group(2)));
            } else if (inMembers && (matcher = MEMBER.matcher(line)).matches()) {
                boolean isMethod = matcher.group(1).contains("(") || matcher.group(1).equals("static {}");
                method = isMethod ? new Method(owner, methodName(matcher.group(1), owner)) : null;
                if (isMethod) {
                    calls.computeIfAbsent(method, key -> new LinkedHashSet<>());
                }
            } else if (method != null && (matcher = CALL.matcher(line)).find()) {
                calls.get(method).add(new Method(matcher.group(1) == null ? owner : matcher.group(1), matcher.group(2)));
            } else if (method != null && (matcher = INVOKE_DYNAMIC.matcher(line)).find()) {
                dynamicCalls.computeIfAbsent(method, key -> new ArrayList<>()).add(Integer.parseInt(matcher.group(1)));
            } else if (method != null && (matcher = NEW.matcher(line)).find()) {
                creates.computeIfAbsent(method, key -> new HashSet<>()).add(matcher.group(1));
            }
        }
        link(handles, dynamicCalls);
        calls.keySet().forEach(declared -> byName.computeIfAbsent(declared.name(), name -> new ArrayList<>()).add(declared));
    }

    /** At the end of a class: each invokedynamic calls the lambda body or method its bootstrap entry names. */
    private void link(Map<Integer, List<Method>> handles, Map<Method, List<Integer>> dynamicCalls) {
        dynamicCalls.forEach((caller, indexes) -> indexes.forEach(index -> calls.get(caller).addAll(handles.getOrDefault(index, List.of()))));
        handles.clear();
        dynamicCalls.clear();
    }

    private static String methodName(String declaration, String owner) {
        if (declaration.equals("static {}")) {
            return "<clinit>";
        }
        String beforeParameters = declaration.substring(0, declaration.indexOf('('));
        String name = beforeParameters.substring(beforeParameters.lastIndexOf(' ') + 1);
        return name.replace('.', '/').equals(owner) ? "<init>" : name;
    }

    private static Set<String> supertypesIn(String clauses) {
        String withoutTypeArguments = clauses.replaceFirst(" permits .*", "");
        while (withoutTypeArguments.contains("<")) {
            withoutTypeArguments = withoutTypeArguments.replaceAll("<[^<>]*>", "");
        }
        Set<String> types = new HashSet<>();
        for (String word : withoutTypeArguments.replace(",", " ").trim().split("\\s+")) {
            if (!word.isEmpty() && !word.equals("extends") && !word.equals("implements")) {
                types.add(word.replace('.', '/'));
            }
        }
        return types;
    }
}
