package com.cpnetwork.functions.http;

import com.cpnetwork.platform.errors.NotFound;
import java.util.UUID;

/** Ids taken from the URL: one that cannot be an id names nothing, so it is a 404 like any unknown id. */
public final class PathIds {

    private PathIds() {
    }

    public static UUID uuid(String raw, String what) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw new NotFound(what + " " + raw);
        }
    }
}
