package com.cpnetwork.notifications;

/** How a message reaches a person. */
public enum Channel {
    SMS, EMAIL
}
