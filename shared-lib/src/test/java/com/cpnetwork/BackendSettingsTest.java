package com.cpnetwork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cpnetwork.platform.config.SettingsException;
import com.cpnetwork.platform.config.SettingsSource;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendSettingsTest {

    private static Map<String, String> complete() {
        Map<String, String> values = new HashMap<>();
        values.put("DB_URL", "jdbc:postgresql://localhost:5432/cpnetwork");
        values.put("DB_USER", "cpnetwork_app");
        values.put("DB_PASSWORD", "secret");
        values.put("DataStorage", "UseDevelopmentStorage=true");
        values.put("JWT_SIGNING_KEY", com.cpnetwork.auth.SigningKeys.generatePrivateJwk());
        values.put("AUTH_SECRET", "a-test-secret-that-is-long-enough-0123456789");
        return values;
    }

    @Test
    void completeSettingsLoadWithDefaults() {
        BackendSettings settings = BackendSettings.load(SettingsSource.of(complete()));

        assertThat(settings.database().poolSize()).isEqualTo(5);
        assertThat(settings.database().transactionPooler()).isFalse();
        assertThat(settings.operatorApiKey()).isEmpty();
        assertThat(settings.localOutboxDir()).isEqualTo(Path.of(".local/outbox"));
    }

    @Test
    void everyMissingRequiredSettingIsNamedInOneMessage() {
        Map<String, String> values = complete();
        values.remove("DB_URL");
        values.remove("DB_PASSWORD");
        values.remove("DataStorage");

        assertThatThrownBy(() -> BackendSettings.load(SettingsSource.of(values)))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("DB_URL is required")
                .hasMessageContaining("DB_PASSWORD is required")
                .hasMessageContaining("DataStorage");
    }

    @Test
    void malformedValuesAreNamed() {
        Map<String, String> values = complete();
        values.put("DB_URL", "postgres://localhost/cpnetwork");
        values.put("DB_POOL_SIZE", "many");
        values.put("DB_TRANSACTION_POOLER", "perhaps");

        assertThatThrownBy(() -> BackendSettings.load(SettingsSource.of(values)))
                .hasMessageContaining("DB_URL must start with jdbc:postgresql://")
                .hasMessageContaining("DB_POOL_SIZE must be a whole number")
                .hasMessageContaining("DB_TRANSACTION_POOLER must be true or false");
    }

    @Test
    void poolSizeOutOfRangeIsRefused() {
        Map<String, String> values = complete();
        values.put("DB_POOL_SIZE", "0");

        assertThatThrownBy(() -> BackendSettings.load(SettingsSource.of(values)))
                .hasMessageContaining("DB_POOL_SIZE must be between 1 and 50");
    }

    @Test
    void blankValuesCountAsMissing() {
        Map<String, String> values = complete();
        values.put("DB_USER", "   ");

        assertThatThrownBy(() -> BackendSettings.load(SettingsSource.of(values))).hasMessageContaining("DB_USER is required");
    }

    @Test
    void unresolvedKeyVaultReferenceIsNeverTakenForTheSecret() {
        Map<String, String> values = complete();
        values.put("AUTH_SECRET", "@Microsoft.KeyVault(SecretUri=https://vault.vault.azure.net/secrets/auth-secret)");

        assertThatThrownBy(() -> BackendSettings.load(SettingsSource.of(values)))
                .hasMessageContaining("AUTH_SECRET is a Key Vault reference that did not resolve");
    }

    @Test
    void signingKeyMustBeAPrivateP256Jwk() {
        Map<String, String> values = complete();
        values.put("JWT_SIGNING_KEY", "{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}");

        assertThatThrownBy(() -> BackendSettings.load(SettingsSource.of(values))).hasMessageContaining("JWT_SIGNING_KEY");
    }

    @Test
    void shortAuthSecretIsRefused() {
        Map<String, String> values = complete();
        values.put("AUTH_SECRET", "short");

        assertThatThrownBy(() -> BackendSettings.load(SettingsSource.of(values))).hasMessageContaining("AUTH_SECRET must be at least 32 characters");
    }

    @Test
    void unknownPhoneRegionIsRefused() {
        Map<String, String> values = complete();
        values.put("DEFAULT_PHONE_REGION", "XX");

        assertThatThrownBy(() -> BackendSettings.load(SettingsSource.of(values))).hasMessageContaining("DEFAULT_PHONE_REGION");
    }

    @Test
    void pgBouncerPortTurnsOnTransactionPoolerMode() {
        Map<String, String> values = complete();
        values.put("DB_URL", "jdbc:postgresql://db.example.com:6432/cpnetwork?sslmode=require");

        assertThat(BackendSettings.load(SettingsSource.of(values)).database().transactionPooler()).isTrue();
    }

    @Test
    void storageAcceptsServiceUrlsInsteadOfAConnectionString() {
        Map<String, String> values = complete();
        values.remove("DataStorage");
        values.put("DataStorage__blobServiceUri", "https://acct.blob.core.windows.net");
        values.put("DataStorage__queueServiceUri", "https://acct.queue.core.windows.net");

        BackendSettings settings = BackendSettings.load(SettingsSource.of(values));

        assertThat(settings.storage().connectionString()).isEmpty();
        assertThat(settings.storage().blobServiceUri()).hasValueSatisfying(uri -> assertThat(uri.getHost()).isEqualTo("acct.blob.core.windows.net"));
    }

    @Test
    void secretsAreNotPrinted() {
        BackendSettings settings = BackendSettings.load(SettingsSource.of(complete()));

        assertThat(settings.toString()).doesNotContain("secret").doesNotContain("UseDevelopmentStorage")
                .doesNotContain("\"d\"").doesNotContain("a-test-secret");
    }

    @Test
    void malwareScanningIsOffByDefaultAndNeedsAWebhookKeyWhenOn() {
        assertThat(BackendSettings.load(SettingsSource.of(complete())).documents().malwareScanning()).isFalse();

        Map<String, String> values = complete();
        values.put("MALWARE_SCANNING", "true");
        assertThatThrownBy(() -> BackendSettings.load(SettingsSource.of(values))).hasMessageContaining("MALWARE_SCAN_WEBHOOK_KEY");
        values.put("MALWARE_SCAN_WEBHOOK_KEY", "too-short");
        assertThatThrownBy(() -> BackendSettings.load(SettingsSource.of(values))).hasMessageContaining("at least 32 characters");

        values.put("MALWARE_SCAN_WEBHOOK_KEY", "a-webhook-key-that-is-long-enough-0123456789");
        BackendSettings settings = BackendSettings.load(SettingsSource.of(values));
        assertThat(settings.documents().malwareScanning()).isTrue();
        assertThat(settings.toString()).doesNotContain("a-webhook-key");
    }
}
