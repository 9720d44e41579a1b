package com.cpnetwork.localruntime;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads the function app from its own jars. Like the Java worker, it takes only the Functions API
 * ({@code com.microsoft.azure.functions.*}) and the JDK from the runtime, so the app's Jackson, Azure SDK or slf4j
 * never meet the runtime's versions.
 */
final class AppClassLoader extends URLClassLoader {
    static {
        registerAsParallelCapable();
    }

    AppClassLoader(List<Path> jars) {
        super("function-app", urls(jars), new WorkerApi(AppClassLoader.class.getClassLoader()));
    }

    private static URL[] urls(List<Path> jars) {
        return jars.stream().map(jar -> {
            try {
                return jar.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(jar.toString(), e);
            }
        }).toArray(URL[]::new);
    }

    /** The JDK, plus the Functions API types the worker hands to functions (the app's own copy of them is ignored). */
    private static final class WorkerApi extends ClassLoader {
        private static final String FUNCTIONS_API = "com.microsoft.azure.functions.";

        static {
            registerAsParallelCapable();
        }

        private final ClassLoader runtime;

        WorkerApi(ClassLoader runtime) {
            super("worker-api", ClassLoader.getPlatformClassLoader());
            this.runtime = runtime;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            // Whatever of that package the runtime lacks (sdktypes, for one) comes from the app's jars instead.
            return name.startsWith(FUNCTIONS_API) ? runtime.loadClass(name) : super.loadClass(name, resolve);
        }
    }
}
