# Two accounts on purpose: the host account holds Functions runtime state (keys, locks, blob receipts) and the
# deployment package; the data account holds what the business owns (uploads, documents kept 7 years,
# proposals) and the app's queues. They differ in replication, soft delete, CORS and who may touch them.
#
# Both disable shared-key (account key) access: the function app, the setup step and Terraform all use
# Entra ID, and upload/download links are user-delegation SAS, which keeps working without account keys.

locals {
  # The containers of shared-lib's StorageLayout (the setup step creates the same ones).
  data_containers = ["uploads", "documents", "proposals", "exports"]

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

# ---------------------------------------------------------------------------------------------------------
# Lifecycle rules of the data account
# ---------------------------------------------------------------------------------------------------------
#
# Every age below counts from the blob's last modification, not its creation. The app never touches a blob after
# writing it (no metadata or property updates; a tier change by this policy does not count as a modification), so
# for most blobs the two are the same moment. They differ when a blob is overwritten: a reopened KYC document's new
# file is copied over the old one in documents/<org>/<doc>, and a second upload through the same link overwrites
# uploads/<org>/<doc>. Last-Modified is then the new write, which is never earlier than the document's uploaded_at
# (the app's retention clock), whereas Azure's documentation does not promise that an overwrite resets the
# creation time. Counting from modification can only delete later than the app would, never earlier.
#
# Proposals (quotation PDFs) have no rule on purpose: a proposal is kept as long as its quotation, and quotations
# are business records with no retention period of their own. The app deletes nothing in `proposals` either.
resource "azurerm_storage_management_policy" "data" {
  storage_account_id = azurerm_storage_account.data.id

  # Kept files. The app's retention timer (DocumentRetention) deletes a document and its blobs 7 years after its
  # upload arrived; this rule is only the safety net behind it (a timer that stopped running, a record deleted by
  # hand). It must never fire first, hence well over 7 years (var.documents_delete_after_days).
  # Hot -> Cool after 30 days: documents are read rarely once reviewed. Cool is an online tier (same latency, cheaper
  # storage, dearer reads), so download links and the app's deletes work unchanged; Archive would not.
  rule {
    name    = "documents-cool-then-safety-net-delete"
    enabled = true

    filters {
      prefix_match = ["${azurerm_storage_container.data["documents"].name}/"]
      blob_types   = ["blockBlob"]
    }

    actions {
      base_blob {
        tier_to_cool_after_days_since_modification_greater_than = var.documents_cool_after_days
        delete_after_days_since_modification_greater_than       = var.documents_delete_after_days
      }
    }
  }

  # In-flight uploads only: the validator copies a file it accepts to documents/<org>/<doc> and then deletes the
  # upload, and deletes every upload it refuses (UploadInspection.keep / refuse). What stays longer is abandoned: a
  # link used after its document was decided, an upload whose validation went to the poison queue, a file Defender
  # never gave a verdict on (the app gives those up after 24 hours). Append blobs too: they are refused
  # (NOT_A_FILE) but could be left behind if that refusal failed; lifecycle rules cannot match page blobs.
  rule {
    name    = "uploads-abandoned-delete"
    enabled = true

    filters {
      prefix_match = ["${azurerm_storage_container.data["uploads"].name}/"]
      blob_types   = ["blockBlob", "appendBlob"]
    }

    actions {
      base_blob {
        delete_after_days_since_modification_greater_than = var.uploads_delete_after_days
      }
    }
  }

  # Audit exports (AuditLog.export): read once through a 15-minute link, then useless; removed after a day
  # (docs/decisions/0015-commissions-audit-reports.md).
  rule {
    name    = "exports-delete"
    enabled = true

    filters {
      prefix_match = ["${azurerm_storage_container.data["exports"].name}/"]
      blob_types   = ["blockBlob"]
    }

    actions {
      base_blob {
        delete_after_days_since_modification_greater_than = 1
      }
    }
  }
}
