package com.cpnetwork.platform.db;

/** Search text for {@code LIKE}/{@code ILIKE}: matched anywhere, with its own wildcards taken literally. */
public final class LikePattern {

    private LikePattern() {
    }

    public static String containing(String search) {
        return "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
