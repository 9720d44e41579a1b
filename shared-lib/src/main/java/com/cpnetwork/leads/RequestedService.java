package com.cpnetwork.leads;

/** One service a lead asks for: a code of the organization's catalog and free details. */
public record RequestedService(String type, String details) {
}
