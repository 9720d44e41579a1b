package com.cpnetwork.platform.db;

import com.cpnetwork.platform.Caller;
import org.jdbi.v3.core.Handle;

/** Confirms, inside the caller's transaction, that their account may still act; throws a domain error if not. */
@FunctionalInterface
public interface CallerCheck {
    void verify(Handle handle, Caller caller);
}
