resource "azurerm_log_analytics_workspace" "main" {
  name                = local.names.log_analytics
  resource_group_name = azurerm_resource_group.main.name
  location            = azurerm_resource_group.main.location
  sku                 = "PerGB2018"
  retention_in_days   = var.log_retention_days
  daily_quota_gb      = var.log_daily_quota_gb
  tags                = local.tags
}

# Workspace-based Application Insights: the Functions host and the Java worker send requests, traces and
# exceptions here; the data lives (and is billed) in the Log Analytics workspace above.
resource "azurerm_application_insights" "main" {
  name                = local.names.app_insights
  resource_group_name = azurerm_resource_group.main.name
  location            = azurerm_resource_group.main.location
  workspace_id        = azurerm_log_analytics_workspace.main.id
  application_type    = "web"
  tags                = local.tags
}

# ---------------------------------------------------------------------------------------------------------
# Diagnostic settings: resource logs and platform metrics into the workspace above
# ---------------------------------------------------------------------------------------------------------
#
# log_analytics_destination_type is left to each service: Storage and App Service always write resource-specific
# tables (StorageBlobLogs, StorageQueueLogs, FunctionAppLogs); Key Vault and PostgreSQL keep their default.
# Everything counts against log_daily_quota_gb, so the noisiest category is left out on purpose: StorageRead on the
# queue services is the Functions host polling every trigger queue (four on the data account) up to every
# 2 seconds per instance, roughly 170 MB a day per running instance, and says nothing an alert needs. Queue writes
# and deletes stay: a message put on a `-poison` queue is what the poison alert (alerts.tf) looks for.

resource "azurerm_monitor_diagnostic_setting" "function_app" {
  name                       = "to-log-analytics"
  target_resource_id         = azurerm_function_app_flex_consumption.api.id
  log_analytics_workspace_id = azurerm_log_analytics_workspace.main.id

  # FunctionAppLogs (host and worker logs, also in Application Insights) and the platform's own categories.
  enabled_log {
    category_group = "allLogs"
  }

  enabled_metric {
    category = "AllMetrics"
  }
}

locals {
  # Storage services to watch: blob logs of the data account in full (reads are downloads of personal documents
  # through links: an access record worth keeping); for the rest, writes and deletes only.
  storage_diagnostics = {
    data-blob = {
      target     = "${azurerm_storage_account.data.id}/blobServices/default"
      categories = ["StorageRead", "StorageWrite", "StorageDelete"]
    }
    data-queue = {
      target     = "${azurerm_storage_account.data.id}/queueServices/default"
      categories = ["StorageWrite", "StorageDelete"]
    }
    host-blob = {
      target     = "${azurerm_storage_account.host.id}/blobServices/default"
      categories = ["StorageWrite", "StorageDelete"]
    }
    # The Event Grid blob trigger's own poison queue (webjobs-blobtrigger-poison) lives here.
    host-queue = {
      target     = "${azurerm_storage_account.host.id}/queueServices/default"
      categories = ["StorageWrite", "StorageDelete"]
    }
  }
}

resource "azurerm_monitor_diagnostic_setting" "storage" {
  for_each                   = local.storage_diagnostics
  name                       = "to-log-analytics"
  target_resource_id         = each.value.target
  log_analytics_workspace_id = azurerm_log_analytics_workspace.main.id

  dynamic "enabled_log" {
    for_each = each.value.categories
    content {
      category = enabled_log.value
    }
  }

  enabled_metric {
    category = "Transaction"
  }
}

resource "azurerm_monitor_diagnostic_setting" "postgres" {
  name                       = "to-log-analytics"
  target_resource_id         = azurerm_postgresql_flexible_server.main.id
  log_analytics_workspace_id = azurerm_log_analytics_workspace.main.id

  # Server logs (errors, connections), sessions and, where enabled, query store and table statistics.
  enabled_log {
    category_group = "allLogs"
  }

  enabled_metric {
    category = "AllMetrics"
  }
}

resource "azurerm_monitor_diagnostic_setting" "key_vault" {
  name                       = "to-log-analytics"
  target_resource_id         = azurerm_key_vault.main.id
  log_analytics_workspace_id = azurerm_log_analytics_workspace.main.id

  # AuditEvent: every secret read (Key Vault references resolving) and every change by operators.
  enabled_log {
    category_group = "allLogs"
  }

  enabled_metric {
    category = "AllMetrics"
  }
}
