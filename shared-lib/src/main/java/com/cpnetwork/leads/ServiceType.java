package com.cpnetwork.leads;

import java.time.Instant;

/** An entry of an organization's service catalog: {@code SOLAR_ROOFTOP}, "Solar rooftop". */
public record ServiceType(String code, String name, Instant createdAt) {
}
