package com.cpnetwork.functions.http;

/** The part of a function that is specific to it: turn a checked request into a reply, or throw a domain error. */
@FunctionalInterface
public interface Endpoint {
    Reply handle(ApiRequest request);
}
