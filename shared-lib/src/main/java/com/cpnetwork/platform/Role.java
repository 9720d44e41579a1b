package com.cpnetwork.platform;

import java.util.EnumSet;
import java.util.Set;

/** What a user is in their organization; decides how they sign in and what they see. */
public enum Role {
    ADMIN, KAM, CP, CUSTOMER;

    /** Staff sign in with email and password (and TOTP when enabled). */
    public static final Set<Role> STAFF = EnumSet.of(ADMIN, KAM);
    /** Channel partners and customers sign in with their phone and an SMS code. */
    public static final Set<Role> PHONE_SIGN_IN = EnumSet.of(CP, CUSTOMER);

    public boolean isStaff() {
        return STAFF.contains(this);
    }
}
