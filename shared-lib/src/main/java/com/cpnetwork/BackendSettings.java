package com.cpnetwork;

import com.cpnetwork.auth.AuthSettings;
import com.cpnetwork.documents.DocumentSettings;
import com.cpnetwork.notifications.NotificationSettings;
import com.cpnetwork.platform.config.SettingsException;
import com.cpnetwork.platform.config.SettingsReader;
import com.cpnetwork.platform.config.SettingsSource;
import com.cpnetwork.platform.db.DatabaseSettings;
import com.cpnetwork.platform.storage.StorageSettings;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything the running application is configured with, read once at start-up. It lives beside the composition
 * root because it knows every feature's settings; {@code platform} knows none.
 *
 * @param operatorApiKey       key for the platform operator's endpoints; empty turns them off
 * @param localOutboxDir       where email and SMS go when no provider is configured
 * @param phoneRegion          region for phone numbers typed without a country code (ISO 3166, e.g. IN)
 * @param rateLimitPerMinute   requests per minute per client address on sign-in, reset and upload-link endpoints
 * @param customerAppUrl       base of the links customers get (a shared quotation); the public app URL when unset
 */
public record BackendSettings(
        DatabaseSettings database,
        StorageSettings storage,
        AuthSettings auth,
        NotificationSettings notifications,
        DocumentSettings documents,
        Optional<String> operatorApiKey,
        Path localOutboxDir,
        String phoneRegion,
        int rateLimitPerMinute,
        URI customerAppUrl) {

    public static final String OPERATOR_API_KEY = "OPERATOR_API_KEY";
    public static final String LOCAL_OUTBOX_DIR = "LOCAL_OUTBOX_DIR";
    public static final String PHONE_REGION = "DEFAULT_PHONE_REGION";
    public static final String RATE_LIMIT_PER_MINUTE = "RATE_LIMIT_PER_MINUTE";
    public static final String CUSTOMER_APP_URL = "CUSTOMER_APP_URL";

    @Override
    public String toString() {
        return "BackendSettings[" + database + ", " + storage + ", " + auth + ", " + notifications + ", " + documents
                + ", operatorApiKey=" + operatorApiKey.map(k -> "***").orElse("none")
                + ", localOutboxDir=" + localOutboxDir + ", phoneRegion=" + phoneRegion
                + ", rateLimitPerMinute=" + rateLimitPerMinute + ", customerAppUrl=" + customerAppUrl + "]";
    }

    private static String phoneRegion(SettingsReader reader) {
        String region = reader.optional(PHONE_REGION, "IN");
        if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(region)) {
            reader.problem(PHONE_REGION + " must be a two-letter region such as IN but is '" + region + "'");
        }
        return region;
    }

    /** Reads and checks every setting; throws a {@link SettingsException} naming each missing or malformed one. */
    public static BackendSettings load(SettingsSource source) {
        SettingsReader reader = new SettingsReader(source);
        AuthSettings auth = AuthSettings.read(reader);
        BackendSettings settings = new BackendSettings(
                DatabaseSettings.read(reader),
                StorageSettings.read(reader),
                auth,
                NotificationSettings.read(reader),
                DocumentSettings.read(reader),
                reader.optional(OPERATOR_API_KEY),
                reader.path(LOCAL_OUTBOX_DIR, ".local/outbox"),
                phoneRegion(reader),
                reader.integer(RATE_LIMIT_PER_MINUTE, 100, 1, 100_000),
                reader.optionalUri(CUSTOMER_APP_URL).orElse(auth.publicAppUrl()));
        reader.verify();
        return settings;
    }
}
