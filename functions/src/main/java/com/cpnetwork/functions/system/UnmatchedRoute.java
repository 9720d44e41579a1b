package com.cpnetwork.functions.system;

import com.cpnetwork.functions.http.ApiRequest;
import com.cpnetwork.functions.http.ErrorReplies;
import com.cpnetwork.functions.http.Reply;
import java.util.List;
import java.util.Optional;

/** What a request that no function took gets: 405 with {@code Allow} on a documented path, else 404. */
final class UnmatchedRoute {

    private UnmatchedRoute() {
    }

    static Reply answer(ApiRequest request, OpenApiDocument document) {
        Optional<List<String>> allowed = document.allowedMethods(request.path());
        if (allowed.isPresent()) {
            return ErrorReplies.of(405, "METHOD_NOT_ALLOWED", request.method() + " is not allowed on " + request.path(), request.requestId())
                    .withHeader("Allow", String.join(", ", allowed.get()));
        }
        return ErrorReplies.of(404, "NOT_FOUND", "No endpoint at " + request.path(), request.requestId());
    }
}
