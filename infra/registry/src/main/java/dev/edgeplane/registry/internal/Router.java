package dev.edgeplane.registry.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Maps a method and path to a route. A pattern is a slash-separated list of literal segments and
 * {@code {}} wildcards, each wildcard matching one whole segment; the matched segments reach the
 * route as {@link ApiRequest#params()}. Built once, then read by many threads.
 */
public final class Router {

    /** A route's work: turns a request into a response or throws {@link ApiException}. */
    @FunctionalInterface
    public interface Route {
        ApiResponse handle(ApiRequest request);
    }

    private record Entry(String method, String[] pattern, Route route) {
    }

    private final List<Entry> entries = new ArrayList<>();

    public Router add(String method, String pattern, Route route) {
        String[] segments = pattern.isEmpty() ? new String[0] : pattern.split("/");
        entries.add(new Entry(method, segments, route));
        return this;
    }

    /**
     * Runs the route that matches {@code request}.
     *
     * @throws ApiException with HTTP 404 if no pattern matches the path, or 405 if patterns match
     *                      it only for other methods
     */
    public ApiResponse route(ApiRequest request) {
        Set<String> allowed = new LinkedHashSet<>();
        for (Entry entry : entries) {
            List<String> params = match(entry.pattern(), request.segments());
            if (params == null) {
                continue;
            }
            if (entry.method().equals(request.method())) {
                return entry.route().handle(request.withParams(params));
            }
            allowed.add(entry.method());
        }
        if (allowed.isEmpty()) {
            throw new ApiException(404, 404, "No resource at " + request.path() + ".");
        }
        throw new ApiException(405, 405, "Method " + request.method() + " is not allowed on " + request.path() + "; use "
                + String.join(" or ", allowed) + ".");
    }

    private static List<String> match(String[] pattern, List<String> segments) {
        if (pattern.length != segments.size()) {
            return null;
        }
        List<String> params = new ArrayList<>();
        for (int i = 0; i < pattern.length; i++) {
            if ("{}".equals(pattern[i])) {
                params.add(segments.get(i));
            } else if (!pattern[i].equals(segments.get(i))) {
                return null;
            }
        }
        return params;
    }
}
