package com.cpnetwork.platform.errors;

import java.util.LinkedHashMap;
import java.util.Map;

/** The request itself is wrong: {@link #details()} maps each offending field to what is wrong with it. */
public final class Invalid extends DomainException {

    public static final String VALIDATION_FAILED = "VALIDATION_FAILED";

    public Invalid(Map<String, String> fieldProblems) {
        super(VALIDATION_FAILED, describe(fieldProblems), new LinkedHashMap<>(fieldProblems));
    }

    public Invalid(String code, String message) {
        super(code, message, Map.of());
    }

    public static Invalid field(String field, String problem) {
        return new Invalid(Map.of(field, problem));
    }

    private static String describe(Map<String, String> fieldProblems) {
        if (fieldProblems.size() == 1) {
            Map.Entry<String, String> only = fieldProblems.entrySet().iterator().next();
            return only.getKey() + ": " + only.getValue();
        }
        return "The request has " + fieldProblems.size() + " invalid fields";
    }
}
