package com.cpnetwork.platform;

import com.cpnetwork.platform.errors.Invalid;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Collects every problem of a request's fields, so one 400 names them all. Create one per command, call the checks,
 * then {@link #verify()}.
 */
public final class FieldChecks {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern STATE_CODE = Pattern.compile("^[A-Z]{2,3}$");
    /** What a phone number typed in any common format can look like; whether it is a real number is decided later. */
    private static final Pattern PHONE_SHAPE = Pattern.compile("^\\+?[0-9 ()./-]{6,32}$");

    private final Map<String, String> problems = new LinkedHashMap<>();

    public FieldChecks required(String field, Object value) {
        if (value == null || (value instanceof String text && text.isBlank())) {
            problem(field, "is required");
        }
        return this;
    }

    /** Optional text: when present it must not be blank and at most {@code maxLength} characters. */
    public FieldChecks text(String field, String value, int maxLength) {
        if (value != null && (value.isBlank() || value.length() > maxLength)) {
            problem(field, "must be 1 to " + maxLength + " characters");
        }
        return this;
    }

    public FieldChecks email(String field, String value) {
        if (value != null && (value.length() > 254 || !EMAIL.matcher(value).matches())) {
            problem(field, "is not a valid email address");
        }
        return this;
    }

    /** Text that could be a phone number ({@code +91 98123-45678}); {@code PhoneNumbers} decides whether it is one. */
    public FieldChecks phoneShape(String field, String value) {
        if (value != null && !PHONE_SHAPE.matcher(value.trim()).matches()) {
            problem(field, "is not a valid phone number");
        }
        return this;
    }

    /** Territory codes: two or three capital letters, e.g. {@code MH}, {@code KA}. */
    public FieldChecks stateCode(String field, String value) {
        if (value != null && !STATE_CODE.matcher(value).matches()) {
            problem(field, "must be 2 or 3 capital letters, e.g. MH");
        }
        return this;
    }

    public FieldChecks notBefore(String field, LocalDate value, LocalDate earliest) {
        if (value != null && value.isBefore(earliest)) {
            problem(field, "must not be before " + earliest);
        }
        return this;
    }

    /** Optional decimal: when present it must be in {@code range}. */
    public FieldChecks decimal(String field, BigDecimal value, DecimalRange range) {
        if (value != null) {
            range.problem(value).ifPresent(problem -> problem(field, problem));
        }
        return this;
    }

    /** A rule the caller evaluated itself. */
    public FieldChecks check(boolean ok, String field, String problem) {
        if (!ok) {
            problem(field, problem);
        }
        return this;
    }

    private void problem(String field, String problem) {
        problems.putIfAbsent(field, problem);
    }

    /** The problems found so far, by field. */
    public Map<String, String> problems() {
        return Map.copyOf(problems);
    }

    /** Throws {@link Invalid} naming every field with a problem. */
    public void verify() {
        if (!problems.isEmpty()) {
            throw new Invalid(problems);
        }
    }
}
