package com.cpnetwork.platform.health;

/** Which dependencies answered. */
public record HealthReport(boolean databaseUp, boolean storageUp) {
    public boolean up() {
        return databaseUp && storageUp;
    }
}
