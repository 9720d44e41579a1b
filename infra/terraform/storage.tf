# Two accounts on purpose: the host account holds Functions runtime state (keys, locks, blob receipts) and the
# deployment package; the data account holds what the business owns (uploads, documents kept 7 years,
# proposals) and the app's queues. They differ in replication, soft delete, CORS and who may touch them.
#
# Both disable shared-key (account key) access: the function app, the setup step and Terraform all use
# Entra ID, and upload/download links are user-delegation SAS, which keeps working without account keys.

locals {
  data_containers = ["uploads", "documents", "proposals"]

  # The app's queues and the <queue>-poison queues the Functions host moves a message to after
  # maxDequeueCount (5, host.json) failed deliveries. The host would create the poison queues itself;
  # creating them here makes them visible (and alertable) from day one.
  data_queues = ["notifications", "notifications-poison", "pdf-jobs", "pdf-jobs-poison"]
}

resource "azurerm_storage_account" "host" {
  name                            = local.names.host_storage
  resource_group_name             = azurerm_resource_group.main.name
  location                        = azurerm_resource_group.main.location
  account_kind                    = "StorageV2"
  account_tier                    = "Standard"
  account_replication_type        = "LRS"
  min_tls_version                 = "TLS1_2"
  https_traffic_only_enabled      = true
  shared_access_key_enabled       = false
  default_to_oauth_authentication = true
  allow_nested_items_to_be_public = false
  local_user_enabled              = false
  tags                            = local.tags

  depends_on = [
    azurerm_role_assignment.deployer_blob_contributor,
    azurerm_role_assignment.deployer_queue_contributor,
  ]
}

# Flex Consumption keeps the deployed zip package here (functionAppConfig.deployment.storage).
resource "azurerm_storage_container" "deployment" {
  name                  = "app-package"
  storage_account_id    = azurerm_storage_account.host.id
  container_access_type = "private"
}

# Upload events Event Grid could not deliver (e.g. the app was down for longer than the retry window).
resource "azurerm_storage_container" "upload_events_dead_letter" {
  name                  = "upload-events-dead-letter"
  storage_account_id    = azurerm_storage_account.host.id
  container_access_type = "private"
}

resource "azurerm_storage_account" "data" {
  name                            = local.names.data_storage
  resource_group_name             = azurerm_resource_group.main.name
  location                        = azurerm_resource_group.main.location
  account_kind                    = "StorageV2"
  account_tier                    = "Standard"
  account_replication_type        = var.data_storage_replication_type
  min_tls_version                 = "TLS1_2"
  https_traffic_only_enabled      = true
  shared_access_key_enabled       = false
  default_to_oauth_authentication = true
  allow_nested_items_to_be_public = false
  local_user_enabled              = false

  # Clients upload straight to this account with short-lived links, so it must stay reachable from the
  # internet; access is by Entra ID or user-delegation SAS only.
  public_network_access_enabled = true

  blob_properties {
    delete_retention_policy {
      days = var.blob_soft_delete_days
    }
    container_delete_retention_policy {
      days = var.blob_soft_delete_days
    }

    dynamic "cors_rule" {
      for_each = length(var.upload_cors_allowed_origins) > 0 ? [1] : []
      content {
        allowed_origins    = var.upload_cors_allowed_origins
        allowed_methods    = ["GET", "HEAD", "PUT", "OPTIONS"]
        allowed_headers    = ["*"]
        exposed_headers    = ["*"]
        max_age_in_seconds = 3600
      }
    }
  }

  tags = local.tags

  depends_on = [
    azurerm_role_assignment.deployer_blob_contributor,
    azurerm_role_assignment.deployer_queue_contributor,
  ]
}

# The setup step also creates these idempotently; creating them here means the Event Grid subscription and
# the role assignments have something to point at before the first code deploy.
resource "azurerm_storage_container" "data" {
  for_each              = toset(local.data_containers)
  name                  = each.value
  storage_account_id    = azurerm_storage_account.data.id
  container_access_type = "private"
}

resource "azurerm_storage_queue" "data" {
  for_each           = toset(local.data_queues)
  name               = each.value
  storage_account_id = azurerm_storage_account.data.id
}
