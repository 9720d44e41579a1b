package com.cpnetwork.localruntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cpnetwork.localruntime.azurite.Azurite;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionAppLoadingTest {
    @TempDir
    Path temp;

    @Test
    void missingAppDirectoryIsAClearError() {
        Path missing = temp.resolve("target/azure-functions/nothing-here");
        assertThatThrownBy(() -> FunctionsHost.start(missing, 0, Map.of()))
                .isInstanceOf(FunctionAppException.class)
                .hasMessage("No packaged function app at " + missing + ". Run `mvn package` first.");
    }

    @Test
    void directoryWithoutFunctionJsonIsAClearError() throws Exception {
        Files.writeString(temp.resolve("host.json"), "{}");
        assertThatThrownBy(() -> FunctionsHost.start(temp, 0, Map.of()))
                .isInstanceOf(FunctionAppException.class)
                .hasMessageContaining("No packaged function app at " + temp);
    }

    @Test
    void unsupportedBindingFailsAtStartupNamingFunctionAndType() {
        Path app = TestApp.copyWith(temp.resolve("app"), List.of("Ping"), ping -> ping.withArray("bindings").addObject()
                .put("type", "queue").put("direction", "out").put("name", "outbox").put("queueName", "outbox"));
        assertThatThrownBy(() -> FunctionsHost.start(app, 0, Map.of()))
                .isInstanceOf(FunctionAppException.class)
                .hasMessageContaining("Function 'Ping' uses binding type 'queue' (direction out, name 'outbox')");
    }

    @Test
    void unsupportedTriggerFailsAtStartupNamingFunctionAndType() {
        Path app = TestApp.copyWith(temp.resolve("app"), List.of("Jobs"),
                jobs -> ((ObjectNode) jobs.withArray("bindings").get(0)).put("type", "serviceBusTrigger"));
        assertThatThrownBy(() -> FunctionsHost.start(app, 0, Map.of()))
                .isInstanceOf(FunctionAppException.class)
                .hasMessageContaining("Function 'Jobs' uses binding type 'serviceBusTrigger'");
    }

    @Test
    void missingStorageConnectionFailsAtStartup() {
        Path app = TestApp.copyWith(temp.resolve("app"), List.of("Jobs"), jobs -> { });
        assertThatThrownBy(() -> FunctionsHost.start(app, 0, Map.of()))
                .isInstanceOf(FunctionAppException.class)
                .hasMessageContaining("Function 'Jobs' needs the storage connection 'AzureWebJobsStorage'");
    }

    @Test
    void missingScheduleSettingFailsAtStartup() {
        Path app = TestApp.copyWith(temp.resolve("app"), List.of("Tick"), tick -> { });
        assertThatThrownBy(() -> FunctionsHost.start(app, 0, Map.of()))
                .isInstanceOf(FunctionAppException.class)
                .hasMessageContaining("Function 'Tick'")
                .hasMessageContaining("TICK_SCHEDULE");
    }

    @Test
    void appSettingsAreSystemPropertiesWhileTheHostRuns() {
        Path app = TestApp.copyWith(temp.resolve("app"), List.of("Ping"), ping -> { });
        String name = "LOCAL_RUNTIME_TEST_SETTING";
        try (FunctionsHost host = FunctionsHost.start(app, 0, Map.of(name, "on"))) {
            assertThat(System.getProperty(name)).isEqualTo("on");
            assertThat(host.triggers()).containsEntry("Ping", "[GET] http://localhost:" + host.port() + "/api/ping");
        }
        assertThat(System.getProperty(name)).isNull();
    }

    @Test
    void developmentStorageMeansAzuriteOnItsDefaultPorts() {
        AppSettings settings = new AppSettings(Map.of("AzureWebJobsStorage", "UseDevelopmentStorage=true", "Other", "x"));
        assertThat(settings.connectionString("AzureWebJobsStorage")).hasValue(Azurite.DEVELOPMENT_STORAGE);
        assertThat(settings.connectionString("Storage")).hasValue(Azurite.DEVELOPMENT_STORAGE);
        assertThat(settings.connectionString("Other")).hasValue("x");
    }
}
