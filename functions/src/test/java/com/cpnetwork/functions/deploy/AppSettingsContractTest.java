package com.cpnetwork.functions.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cpnetwork.BackendSettings;
import com.cpnetwork.Setup;
import com.cpnetwork.auth.SigningKeys;
import com.cpnetwork.notifications.SmsTemplate;
import com.cpnetwork.platform.config.SettingsException;
import com.cpnetwork.platform.config.SettingsSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The app settings Terraform gives the function app (infra/terraform/functions.tf) are the settings the application
 * reads: none it needs is missing, none is set for nothing. What the application reads is not a list kept by hand:
 * the real settings loading runs against an environment that records every name it is asked for.
 */
class AppSettingsContractTest {

    /** Read by the application, deliberately not set in Azure. */
    private static final Map<String, String> READ_BUT_NOT_SET_IN_AZURE = Map.of(
            "LOCAL_OUTBOX_DIR", "local runs only: where email and SMS go without a provider; Azure sets both provider keys",
            "JWT_SIGNING_KEY_FILE", "local runs only: the key ./run-local generates; Azure sets JWT_SIGNING_KEY from Key Vault",
            "DataStorage", "the connection-string form (Azurite); Azure uses DataStorage__blobServiceUri/__queueServiceUri with the identity",
            "MSG91_BASE_URL", "tests point the SMS sender at a stub; Azure uses the default, https://control.msg91.com");

    /** Set by Terraform, read by the platform rather than the application. */
    private static final Map<String, String> SET_BUT_NOT_READ_BY_THE_APP = Map.of(
            "AzureWebJobsStorage__accountName", "the Functions host's own storage, identity-based",
            "AzureWebJobsStorage__credential", "the Functions host's own storage, identity-based",
            "AzureWebJobsStorage__clientId", "the Functions host's own storage, identity-based",
            "DataStorage__credential", "the Functions host's trigger bindings (connection = \"DataStorage\"); the app's own clients take the identity from DataStorage__clientId",
            "APPLICATIONINSIGHTS_CONNECTION_STRING", "the Functions host's telemetry");

    private static Set<String> terraformSets;
    private static Set<String> appReads;
    private static Set<String> setupReads;

    @BeforeAll
    static void readBothSides() {
        TerraformConfiguration terraform = TerraformConfiguration.ofThisRepository();
        terraformSets = terraform.keysOf("local.app_settings_desired", terraform.locals("functions.tf"));
        appReads = settingsTheApplicationReads();
        setupReads = settingsTheSetupStepReads();
    }

    @Test
    void everySettingTheApplicationReadsIsSetByTerraform() {
        Set<String> missing = new TreeSet<>(appReads);
        missing.removeAll(terraformSets);
        missing.removeAll(READ_BUT_NOT_SET_IN_AZURE.keySet());

        assertThat(missing).as("read by the application, not set by infra/terraform/functions.tf").isEmpty();
    }

    @Test
    void everySettingTerraformSetsIsReadByTheApplicationOrThePlatform() {
        Set<String> unread = new TreeSet<>(terraformSets);
        unread.removeAll(appReads);
        unread.removeAll(SET_BUT_NOT_READ_BY_THE_APP.keySet());

        assertThat(unread).as("set by infra/terraform/functions.tf, read by nobody").isEmpty();
    }

    @Test
    void theExceptionsAreStillTrue() {
        assertThat(appReads).as("read but not set in Azure: still read").containsAll(READ_BUT_NOT_SET_IN_AZURE.keySet());
        assertThat(terraformSets).as("read but not set in Azure: still not set").doesNotContainAnyElementsOf(READ_BUT_NOT_SET_IN_AZURE.keySet());
        assertThat(terraformSets).as("set for the platform: still set").containsAll(SET_BUT_NOT_READ_BY_THE_APP.keySet());
        assertThat(appReads).as("set for the platform: still not read by the app").doesNotContainAnyElementsOf(SET_BUT_NOT_READ_BY_THE_APP.keySet());
    }

    @Test
    void theSetupStepsOwnerCredentialsAreNeverAppSettings() {
        Set<String> setupOnly = new TreeSet<>(setupReads);
        setupOnly.removeAll(appReads);

        assertThat(setupOnly).as("read by the setup step only").contains(Setup.MIGRATION_USER, Setup.MIGRATION_PASSWORD);
        assertThat(terraformSets).as("the schema owner's login belongs to the deploy step, not to the running app")
                .doesNotContainAnyElementsOf(setupOnly);
    }

    @Test
    void everySmsTemplateHasATemplateIdSetting() {
        for (SmsTemplate template : SmsTemplate.values()) {
            assertThat(terraformSets).contains("MSG91_TEMPLATE_" + template.name());
        }
    }

    @Test
    void bothSidesWereActuallyRead() {
        assertThat(terraformSets).contains("DB_URL", "AzureWebJobsStorage__accountName", "OPERATOR_API_KEY", "MALWARE_SCANNING");
        assertThat(appReads).contains("DB_URL", "JWT_PREVIOUS_KEYS", "MALWARE_SCAN_WEBHOOK_KEY", "MSG91_TEMPLATE_SIGN_IN_CODE");
    }

    /**
     * Everything the running app can read: start-up with nothing set (every setting is asked for, each missing one is
     * a problem), start-up with everything switched on (settings read only when another is present, such as
     * JWT_PREVIOUS_KEYS), and the SMS template ids, which are looked up when an SMS is sent.
     */
    private static Set<String> settingsTheApplicationReads() {
        RecordingEnvironment empty = new RecordingEnvironment(Map.of());
        assertThatThrownBy(() -> BackendSettings.load(SettingsSource.lookingUp(empty))).isInstanceOf(SettingsException.class);

        RecordingEnvironment complete = new RecordingEnvironment(everythingSwitchedOn());
        BackendSettings settings = BackendSettings.load(SettingsSource.lookingUp(complete));
        for (SmsTemplate template : SmsTemplate.values()) {
            settings.notifications().msg91TemplateIds().apply(template.name());
        }

        Set<String> read = new TreeSet<>(empty.asked());
        read.addAll(complete.asked());
        return read;
    }

    /** The deploy step stops at its settings check when nothing is set, before it connects anywhere. */
    private static Set<String> settingsTheSetupStepReads() {
        RecordingEnvironment empty = new RecordingEnvironment(Map.of());
        assertThatThrownBy(() -> Setup.run(SettingsSource.lookingUp(empty))).isInstanceOf(SettingsException.class);
        return empty.asked();
    }

    private static Map<String, String> everythingSwitchedOn() {
        Map<String, String> values = new HashMap<>();
        values.put("DB_URL", "jdbc:postgresql://db.example:6432/cpnetwork?sslmode=require");
        values.put("DB_USER", "cpnetwork_app");
        values.put("DB_PASSWORD", "secret");
        values.put("DataStorage__blobServiceUri", "https://data.blob.core.windows.net");
        values.put("DataStorage__queueServiceUri", "https://data.queue.core.windows.net");
        values.put("JWT_SIGNING_KEY", SigningKeys.generatePrivateJwk());
        values.put("JWT_PREVIOUS_KEYS", "{\"keys\":[]}");
        values.put("AUTH_SECRET", "a-test-secret-that-is-long-enough-0123456789");
        values.put("OPERATOR_API_KEY", "operator-key");
        values.put("SENDGRID_API_KEY", "sendgrid-key");
        values.put("EMAIL_FROM", "no-reply@example.com");
        values.put("MSG91_AUTH_KEY", "msg91-key");
        values.put("MSG91_SENDER_ID", "CPNTWK");
        values.put("MALWARE_SCANNING", "true");
        values.put("MALWARE_SCAN_WEBHOOK_KEY", "a-webhook-key-that-is-long-enough-0123456789");
        return values;
    }

    /** An environment that remembers every name it was asked for. */
    private static final class RecordingEnvironment implements Function<String, String> {

        private final Map<String, String> values;
        private final Set<String> asked = new TreeSet<>();

        RecordingEnvironment(Map<String, String> values) {
            this.values = values;
        }

        @Override
        public String apply(String name) {
            asked.add(name);
            return values.get(name);
        }

        Set<String> asked() {
            return asked;
        }
    }
}
