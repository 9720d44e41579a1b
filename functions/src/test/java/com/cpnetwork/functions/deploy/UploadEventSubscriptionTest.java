package com.cpnetwork.functions.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.cpnetwork.functions.BackendHolder;
import com.cpnetwork.functions.deploy.TerraformConfiguration.Body;
import com.microsoft.azure.functions.annotation.BlobTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Event Grid subscription in infra/terraform/eventgrid.tf reaches the upload validator that exists in this
 * package: the function it names is a blob trigger with the Event Grid source, on the container the subscription
 * filters, of the account whose events the topic publishes.
 */
class UploadEventSubscriptionTest {

    private static final Pattern CONTAINER = Pattern.compile("azurerm_storage_container\\.data\\[\"([^\"]+)\"]");

    private static TerraformConfiguration terraform;
    private static Body subscription;
    private static String functionName;
    private static BlobTrigger trigger;

    @BeforeAll
    static void read() throws IOException, URISyntaxException {
        terraform = TerraformConfiguration.ofThisRepository();
        subscription = terraform.block("eventgrid.tf", "resource", "azurerm_eventgrid_system_topic_event_subscription", "uploads");
        functionName = terraform.stringDefault("upload_validation_function_name");
        List<BlobTrigger> triggers = blobTriggersOf(functionName);
        assertThat(triggers).as("functions named %s with a @BlobTrigger parameter", functionName).hasSize(1);
        trigger = triggers.get(0);
    }

    @Test
    void theSubscriptionCallsTheBlobsExtensionWebhookOfThatFunction() {
        String url = subscription.block("webhook_endpoint").attribute("url");

        assertThat(url).contains("/runtime/webhooks/blobs?functionName=Host.Functions.${var.upload_validation_function_name}&code=");
        assertThat(url).contains("blobs_extension_key");
    }

    @Test
    void theFunctionIsABlobTriggerWithTheEventGridSourceOnTheDataStorageConnection() {
        assertThat(trigger.source()).isEqualTo("EventGrid");
        assertThat(trigger.connection()).isEqualTo("DataStorage");
    }

    @Test
    void theSubscriptionFiltersTheContainerTheTriggerWatches() {
        String subject = subscription.block("subject_filter").attribute("subject_begins_with");
        Matcher container = CONTAINER.matcher(subject);

        assertThat(container.find()).as(subject).isTrue();
        assertThat(trigger.path()).startsWith(container.group(1) + "/");
        assertThat(subject).endsWith("/blobs/\"");
        assertThat(subscription.attribute("included_event_types")).contains("\"Microsoft.Storage.BlobCreated\"");
    }

    @Test
    void theTopicPublishesTheEventsOfTheAccountTheTriggerConnectionNames() {
        Body topic = terraform.block("eventgrid.tf", "resource", "azurerm_eventgrid_system_topic", "data");
        String blobServiceUri = terraform.locals("functions.tf").get("app_settings_always");

        assertThat(topic.attribute("source_resource_id")).isEqualTo("azurerm_storage_account.data.id");
        assertThat(blobServiceUri).containsPattern(
                trigger.connection() + "__blobServiceUri\\s*=\\s*trimsuffix\\(azurerm_storage_account\\.data\\.primary_blob_endpoint");
    }

    /** The @BlobTrigger parameters of the functions called {@code name} among this module's compiled classes. */
    private static List<BlobTrigger> blobTriggersOf(String name) throws IOException, URISyntaxException {
        Path classes = Path.of(BackendHolder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<BlobTrigger> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
                String className = classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".")
                        .replaceAll("\\.class$", "");
                for (Method method : load(className).getDeclaredMethods()) {
                    FunctionName function = method.getAnnotation(FunctionName.class);
                    if (function == null || !function.value().equals(name)) {
                        continue;
                    }
                    for (Parameter parameter : method.getParameters()) {
                        if (parameter.isAnnotationPresent(BlobTrigger.class)) {
                            found.add(parameter.getAnnotation(BlobTrigger.class));
                        }
                    }
                }
            }
        }
        return found;
    }

    private static Class<?> load(String className) {
        try {
            return Class.forName(className, false, UploadEventSubscriptionTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
