package com.cpnetwork.localruntime;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.slf4j.event.Level;

/**
 * Calls one function's entry point the way the Java worker does: a new instance per invocation (unless the method is
 * static), parameters bound by the annotation's {@code name}, {@code @BindingName} metadata and {@code ExecutionContext},
 * with the app's class loader as the thread's context class loader. Safe to call from many threads at once.
 */
final class FunctionInvoker {
    private static final Logger log = LoggerFactory.getLogger(FunctionInvoker.class);

    private final FunctionDefinition definition;
    private final ClassLoader appLoader;
    private final Method method;
    private final Constructor<?> constructor;
    private final List<ParameterBinder> binders;
    private final java.util.logging.Logger functionLogger;
    private final Level successLevel;

    FunctionInvoker(FunctionDefinition definition, ClassLoader appLoader) {
        this.definition = definition;
        this.appLoader = appLoader;
        Class<?> type = loadClass(definition, appLoader);
        this.method = entryPoint(definition, type);
        this.constructor = Modifier.isStatic(method.getModifiers()) ? null : noArgConstructor(definition, type);
        this.binders = Arrays.stream(method.getParameters()).map(this::binderFor).toList();
        this.functionLogger = functionLogger(definition.name());
        // An HTTP call per log line would drown the console under load; background triggers are rare enough to show.
        this.successLevel = definition.kind() == TriggerKind.HTTP ? Level.DEBUG : Level.INFO;
    }

    String name() {
        return definition.name();
    }

    FunctionDefinition definition() {
        return definition;
    }

    /**
     * Runs the function once and returns what it returned. Logs the outcome; a failure (the function threw, or a
     * parameter could not be bound) is logged with its stack trace and thrown as {@link FunctionFailedException}.
     */
    Object invoke(Invocation invocation) {
        String invocationId = UUID.randomUUID().toString();
        Thread thread = Thread.currentThread();
        ClassLoader previousLoader = thread.getContextClassLoader();
        thread.setContextClassLoader(appLoader);
        MDC.put("invocationId", invocationId);
        long started = System.nanoTime();
        try {
            ExecutionContext context = new FunctionContext(invocationId, definition.name(), functionLogger);
            Object[] arguments = new Object[binders.size()];
            for (int i = 0; i < arguments.length; i++) {
                arguments[i] = binders.get(i).bind(invocation, context);
            }
            Object target = constructor == null ? null : constructor.newInstance();
            Object result = method.invoke(target, arguments);
            log.atLevel(successLevel).log("Executed 'Functions.{}' (Succeeded, Id={}, Duration={}ms)",
                    definition.name(), invocationId, elapsedMillis(started));
            return result;
        } catch (Exception | LinkageError e) {
            // LinkageError: a function class whose static initialiser failed fails its invocations, as on the host.
            Throwable cause = e instanceof InvocationTargetException target ? target.getCause() : e;
            log.error("Executed 'Functions.{}' (Failed, Id={}, Duration={}ms)", definition.name(), invocationId,
                    elapsedMillis(started), cause);
            throw new FunctionFailedException(definition.name(), cause);
        } finally {
            MDC.remove("invocationId");
            thread.setContextClassLoader(previousLoader);
        }
    }

    private ParameterBinder binderFor(Parameter parameter) {
        Type type = parameter.getParameterizedType();
        if (parameter.getType() == ExecutionContext.class) {
            return (invocation, context) -> context;
        }
        BindingName bindingName = parameter.getAnnotation(BindingName.class);
        if (bindingName != null) {
            String key = bindingName.value();
            return (invocation, context) -> {
                if (!invocation.metadata().containsKey(key)) {
                    throw new IllegalArgumentException("@BindingName(\"" + key + "\") names no trigger metadata (names are "
                            + "case-sensitive); this invocation has " + invocation.metadata().keySet());
                }
                return DataConversion.convert(invocation.metadata().get(key), type);
            };
        }
        String name = bindingAnnotationName(parameter);
        if (name == null) {
            throw new FunctionAppException("Function '" + definition.name() + "': parameter '" + parameter.getName()
                    + "' has no binding annotation, @BindingName, or ExecutionContext type.");
        }
        if (!name.equals(definition.trigger().name())) {
            throw new FunctionAppException("Function '" + definition.name() + "': parameter '" + parameter.getName()
                    + "' binds '" + name + "', but the only input binding is the trigger '" + definition.trigger().name() + "'.");
        }
        return (invocation, context) -> invocation.trigger().as(type);
    }

    /** The {@code name} of the Functions binding annotation on a parameter ({@code @HttpTrigger(name = "req")} and the like). */
    private static String bindingAnnotationName(Parameter parameter) {
        for (Annotation annotation : parameter.getAnnotations()) {
            Class<? extends Annotation> type = annotation.annotationType();
            if (!type.getPackageName().startsWith("com.microsoft.azure.functions")) {
                continue;
            }
            try {
                return (String) type.getMethod("name").invoke(annotation);
            } catch (NoSuchMethodException e) {
                // Not a binding annotation; keep looking.
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return null;
    }

    private static Class<?> loadClass(FunctionDefinition definition, ClassLoader loader) {
        try {
            return Class.forName(definition.className(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new FunctionAppException("Function '" + definition.name() + "': cannot load class " + definition.className()
                    + " from the app jars: " + e, e);
        }
    }

    private static Method entryPoint(FunctionDefinition definition, Class<?> type) {
        List<Method> candidates = Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(definition.methodName()))
                .toList();
        // Overloads are told apart by @FunctionName, which is what the packaging plugin read.
        List<Method> named = candidates.stream()
                .filter(m -> m.isAnnotationPresent(FunctionName.class)
                        && m.getAnnotation(FunctionName.class).value().equals(definition.name()))
                .toList();
        List<Method> chosen = named.isEmpty() ? candidates : named;
        if (chosen.size() != 1) {
            throw new FunctionAppException("Function '" + definition.name() + "': expected one public method "
                    + definition.methodName() + " in " + type.getName() + ", found " + chosen.size() + ".");
        }
        return chosen.get(0);
    }

    private static Constructor<?> noArgConstructor(FunctionDefinition definition, Class<?> type) {
        try {
            return type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new FunctionAppException("Function '" + definition.name() + "': " + type.getName()
                    + " needs a public no-argument constructor, since the worker creates one instance per invocation.", e);
        }
    }

    /** The java.util.logging logger a function gets from its context, written to the runtime's log. */
    private static java.util.logging.Logger functionLogger(String functionName) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("Function." + functionName);
        synchronized (FunctionInvoker.class) {
            // Loggers are global to the JVM, and a test JVM may start several hosts.
            if (Arrays.stream(logger.getHandlers()).noneMatch(SLF4JBridgeHandler.class::isInstance)) {
                logger.addHandler(new SLF4JBridgeHandler());
                logger.setUseParentHandlers(false);
            }
        }
        return logger;
    }

    private static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    @FunctionalInterface
    private interface ParameterBinder {
        Object bind(Invocation invocation, ExecutionContext context) throws Exception;
    }
}
