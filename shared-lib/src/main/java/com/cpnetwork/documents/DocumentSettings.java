package com.cpnetwork.documents;

import com.cpnetwork.platform.config.SettingsReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Malware scanning of uploads. With {@value #MALWARE_SCANNING} on, a file becomes VALID only once Defender for Storage's
 * scan result (an Event Grid event posted to {@code POST /v1/webhooks/malwareScanResults?key=...}) says it is clean;
 * the webhook's key is {@value #WEBHOOK_KEY}. Off, the content checks alone decide. The key never appears in
 * {@link #toString()}.
 */
public record DocumentSettings(boolean malwareScanning, Optional<String> webhookKey) {

    public static final String MALWARE_SCANNING = "MALWARE_SCANNING";
    public static final String WEBHOOK_KEY = "MALWARE_SCAN_WEBHOOK_KEY";

    @Override
    public String toString() {
        return "DocumentSettings[malwareScanning=" + malwareScanning + ", webhookKey=" + webhookKey.map(k -> "***").orElse("none") + "]";
    }

    public static DocumentSettings read(SettingsReader settings) {
        boolean scanning = settings.flag(MALWARE_SCANNING, false);
        Optional<String> key = settings.optional(WEBHOOK_KEY);
        if (scanning && key.map(k -> k.getBytes(StandardCharsets.UTF_8).length < 32).orElse(true)) {
            settings.problem(WEBHOOK_KEY + " (at least 32 characters) is required when " + MALWARE_SCANNING + " is true");
        }
        return new DocumentSettings(scanning, key);
    }
}
