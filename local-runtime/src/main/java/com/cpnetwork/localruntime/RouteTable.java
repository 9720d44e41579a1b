package com.cpnetwork.localruntime;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The HTTP functions by route. A request goes to the most specific route that matches its path and allows its method;
 * a path that only routes with other methods match is refused with 405, any other path with 404.
 */
final class RouteTable {
    private final List<Route> routes;

    RouteTable(List<Route> routes) {
        this.routes = routes.stream()
                .sorted(Comparator.comparing(Route::template).thenComparing(route -> route.function().name()))
                .toList();
    }

    Resolution resolve(String method, List<String> path) {
        Set<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Optional<Map<String, String>> values = route.template().match(path);
            if (values.isEmpty()) {
                continue;
            }
            if (route.allows(method)) {
                return new Match(route, values.get());
            }
            allowed.addAll(route.methods());
        }
        return allowed.isEmpty() ? new NotFound() : new MethodNotAllowed(allowed);
    }

    /**
     * One HTTP function.
     *
     * @param methods upper-case HTTP methods; empty means any
     */
    record Route(RouteTemplate template, Set<String> methods, FunctionInvoker function) {
        boolean allows(String method) {
            return methods.isEmpty() || methods.contains(method);
        }
    }

    sealed interface Resolution permits Match, MethodNotAllowed, NotFound {
    }

    record Match(Route route, Map<String, String> values) implements Resolution {
    }

    record MethodNotAllowed(Set<String> allowed) implements Resolution {
    }

    record NotFound() implements Resolution {
    }
}
