package com.cpnetwork.platform;

import com.cpnetwork.platform.errors.Invalid;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Turns phone numbers typed in common local formats ({@code 098123 45678}, {@code +91-98123-45678}) into E.164
 * ({@code +919812345678}), the only form stored. Numbers without a country code are read in the default region.
 */
public final class PhoneNumbers {

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final String defaultRegion;

    public PhoneNumbers(String defaultRegion) {
        if (!util.getSupportedRegions().contains(defaultRegion)) {
            throw new IllegalArgumentException("Unknown phone region " + defaultRegion);
        }
        this.defaultRegion = defaultRegion;
    }

    /** The E.164 form, or {@code null} with a problem for {@code field} in {@code checks} when it is not a valid number. */
    public String normalize(FieldChecks checks, String field, String input) {
        try {
            return normalize(field, input);
        } catch (Invalid invalid) {
            invalid.details().forEach((name, problem) -> checks.check(false, name, String.valueOf(problem)));
            return null;
        }
    }

    /** The E.164 form, or a 400 naming {@code field} when the input is not a valid phone number. */
    public String normalize(String field, String input) {
        if (input == null || input.isBlank()) {
            throw Invalid.field(field, "is required");
        }
        if (input.length() > 32) {
            throw Invalid.field(field, "is not a valid phone number");
        }
        try {
            PhoneNumber number = util.parse(input, defaultRegion);
            if (!util.isValidNumber(number)) {
                throw Invalid.field(field, "is not a valid phone number");
            }
            return util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            throw Invalid.field(field, "is not a valid phone number");
        }
    }
}
