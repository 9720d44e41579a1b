# Upload validation: on Flex Consumption a blob trigger must use the Event Grid source. Storage publishes
# BlobCreated to a system topic on the data account; a subscription filtered to the uploads container
# pushes each event to the Functions host's blobs-extension webhook, which runs the ValidateUpload function
# (functions/.../documents/UploadFunctions.java: @FunctionName("ValidateUpload"), @BlobTrigger(path = "uploads/{name}",
# source = "EventGrid", connection = "DataStorage")). UploadEventSubscriptionTest (functions module) fails when the
# function name, the container or the account here stop matching that trigger.
#
# Two steps, because Event Grid validates a webhook when the subscription is created and only a running
# host that contains ValidateUpload can answer that handshake (and only then does the blobs_extension system
# key exist):
#   1. terraform apply                                  -> system topic only
#   2. deploy the code, then
#      terraform apply -var upload_events_enabled=true  -> subscription

resource "azurerm_eventgrid_system_topic" "data" {
  name                = local.names.system_topic
  resource_group_name = azurerm_resource_group.main.name
  location            = azurerm_resource_group.main.location
  source_resource_id  = azurerm_storage_account.data.id
  topic_type          = "Microsoft.Storage.StorageAccounts"

  # Used to write undeliverable events to the dead-letter container (no account keys).
  identity {
    type = "SystemAssigned"
  }

  tags = local.tags
}

resource "azurerm_role_assignment" "system_topic_dead_letter_writer" {
  scope                = "${azurerm_storage_account.host.id}/blobServices/default/containers/${azurerm_storage_container.upload_events_dead_letter.name}"
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = azurerm_eventgrid_system_topic.data.identity[0].principal_id
  principal_type       = "ServicePrincipal"
}

# Reading host keys needs a running host, so this is only evaluated in step 2. The key ends up in state
# (as part of the webhook URL): keep state private.
data "azurerm_function_app_host_keys" "api" {
  count               = var.upload_events_enabled ? 1 : 0
  name                = azurerm_function_app_flex_consumption.api.name
  resource_group_name = azurerm_resource_group.main.name
}

resource "azurerm_eventgrid_system_topic_event_subscription" "uploads" {
  count               = var.upload_events_enabled ? 1 : 0
  name                = "uploads-to-${lower(var.upload_validation_function_name)}"
  system_topic        = azurerm_eventgrid_system_topic.data.name
  resource_group_name = azurerm_resource_group.main.name

  included_event_types = ["Microsoft.Storage.BlobCreated"]

  # The subject of a blob event is /blobServices/default/containers/<container>/blobs/<name>.
  subject_filter {
    subject_begins_with = "/blobServices/default/containers/${azurerm_storage_container.data["uploads"].name}/blobs/"
  }

  webhook_endpoint {
    url = "https://${azurerm_function_app_flex_consumption.api.default_hostname}/runtime/webhooks/blobs?functionName=Host.Functions.${var.upload_validation_function_name}&code=${data.azurerm_function_app_host_keys.api[0].blobs_extension_key}"

    # One blob per delivery: each validation is independent and may take a moment (reads the first bytes).
    max_events_per_batch              = 1
    preferred_batch_size_in_kilobytes = 64
  }

  retry_policy {
    max_delivery_attempts = var.upload_events_max_delivery_attempts
    event_time_to_live    = var.upload_events_ttl_minutes
  }

  dead_letter_identity {
    type = "SystemAssigned"
  }

  storage_blob_dead_letter_destination {
    storage_account_id          = azurerm_storage_account.host.id
    storage_blob_container_name = azurerm_storage_container.upload_events_dead_letter.name
  }

  depends_on = [
    azurerm_role_assignment.system_topic_dead_letter_writer,
    azapi_resource_action.app_settings,
  ]
}
