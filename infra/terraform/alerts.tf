# Alerts, all mailed to var.alert_email through one action group. Thresholds that come from the connection budget
# are computed from the same variables as the budget itself (postgres.tf, docs/connection-budget.md).

resource "azurerm_monitor_action_group" "operators" {
  name                = "ag-${local.base}-operators"
  resource_group_name = azurerm_resource_group.main.name
  # At most 12 characters; shown as the sender of SMS and in mail subjects.
  short_name = substr("${local.compact_prefix}${local.compact_env}", 0, 12)

  email_receiver {
    name                    = "operators"
    email_address           = var.alert_email
    use_common_alert_schema = true
  }

  tags = local.tags
}

# ---------------------------------------------------------------------------------------------------------
# Work that failed for good: a message in a -poison queue
# ---------------------------------------------------------------------------------------------------------
#
# Storage metrics cannot say which queue holds a message: QueueMessageCount is per account, with no queue
# dimension, and the data account's trigger queues are busy by design. Counting what is *in* a poison queue would
# not work here anyway: the app has a function on each `<queue>-poison` that marks the job FAILED and so empties it
# within seconds. What can be seen is the arrival: the Functions host moving a message to a poison queue is a
# PutMessage on that queue, which the queue services' StorageWrite logs record (monitoring.tf) with the queue in
# ObjectKey (/<account>/<queue>/messages). One alert per queue and account; it covers notifications-poison,
# pdf-jobs-poison, a poison handler that failed itself (<queue>-poison-poison) and the Event Grid blob trigger's
# webjobs-blobtrigger-poison on the host account (an upload whose validation failed five times).
resource "azurerm_monitor_scheduled_query_rules_alert_v2" "poison_messages" {
  name                = "alert-${local.base}-poison-messages"
  display_name        = "${local.base}: a message reached a poison queue"
  description         = "Background work (a notification, a PDF, an upload validation) failed after every retry and was moved to a -poison queue. The app marks notifications and PDF jobs FAILED; look at the function's exceptions in Application Insights."
  resource_group_name = azurerm_resource_group.main.name
  location            = azurerm_resource_group.main.location
  scopes              = [azurerm_log_analytics_workspace.main.id]
  severity            = 2

  evaluation_frequency = "PT5M"
  window_duration      = "PT5M"

  criteria {
    query                   = <<-KQL
      StorageQueueLogs
      | where OperationName == "PutMessage" and toint(StatusCode) between (200 .. 299)
      | extend Queue = extract(@"^/[^/]+/([^/]+)", 1, ObjectKey)
      | where Queue endswith "-poison"
      | summarize Messages = count() by AccountName, Queue
      KQL
    time_aggregation_method = "Total"
    metric_measure_column   = "Messages"
    operator                = "GreaterThan"
    threshold               = 0

    dimension {
      name     = "AccountName"
      operator = "Include"
      values   = ["*"]
    }

    dimension {
      name     = "Queue"
      operator = "Include"
      values   = ["*"]
    }
  }

  # StorageQueueLogs exists in the workspace only once the first queue log arrived; the query is valid regardless.
  skip_query_validation   = true
  auto_mitigation_enabled = false

  action {
    action_groups = [azurerm_monitor_action_group.operators.id]
  }

  tags = local.tags

  depends_on = [azurerm_monitor_diagnostic_setting.storage]
}

# ---------------------------------------------------------------------------------------------------------
# The API answering with server errors
# ---------------------------------------------------------------------------------------------------------

# Share of HTTP requests answered 5xx, from the requests the Functions host reports to Application Insights (queue and
# timer invocations have no URL and are left out). The app turns its own failures into an error envelope rather
# than an exception, so the status code, not the request's success flag, is what says "server error". Windows with
# fewer than 20 requests are ignored: one failed call at night is not a rate.
resource "azurerm_monitor_scheduled_query_rules_alert_v2" "http_5xx_rate" {
  name                = "alert-${local.base}-http-5xx"
  display_name        = "${local.base}: API 5xx rate above ${var.alert_http_5xx_percent}%"
  description         = "More than ${var.alert_http_5xx_percent}% of the API's HTTP requests in 15 minutes were answered with a 5xx status."
  resource_group_name = azurerm_resource_group.main.name
  location            = azurerm_resource_group.main.location
  scopes              = [azurerm_application_insights.main.id]
  severity            = 1

  evaluation_frequency = "PT5M"
  window_duration      = "PT15M"

  criteria {
    query                   = <<-KQL
      requests
      | where isnotempty(url)
      | summarize Total = count(), Failed = countif(toint(resultCode) >= 500)
      | where Total >= 20
      | extend FailedPercent = 100.0 * Failed / Total
      KQL
    time_aggregation_method = "Maximum"
    metric_measure_column   = "FailedPercent"
    operator                = "GreaterThan"
    threshold               = var.alert_http_5xx_percent
  }

  skip_query_validation   = true
  auto_mitigation_enabled = true

  action {
    action_groups = [azurerm_monitor_action_group.operators.id]
  }

  tags = local.tags
}

# ---------------------------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------------------------

# Up at all: is_db_alive is 1 while the server answers (emitted every 20 seconds); its maximum below 1 over five
# minutes means no check succeeded in that time. A stopped server emits nothing and does not alert.
resource "azurerm_monitor_metric_alert" "postgres_down" {
  name                = "alert-${local.base}-postgres-down"
  description         = "PostgreSQL has not answered its availability check for 5 minutes: the API answers 503 and background work waits."
  resource_group_name = azurerm_resource_group.main.name
  scopes              = [azurerm_postgresql_flexible_server.main.id]
  severity            = 0
  frequency           = "PT1M"
  window_size         = "PT5M"

  criteria {
    metric_namespace = "Microsoft.DBforPostgreSQL/flexibleServers"
    metric_name      = "is_db_alive"
    aggregation      = "Maximum"
    operator         = "LessThan"
    threshold        = 1
  }

  action {
    action_group_id = azurerm_monitor_action_group.operators.id
  }

  tags = local.tags
}

# More server connections than the budget accounts for (PgBouncer's pool for the app, the direct connections, and
# the 15 Azure keeps for itself): something connects outside the plan, long before max_connections would refuse
# anyone (docs/connection-budget.md).
resource "azurerm_monitor_metric_alert" "postgres_connections_over_budget" {
  name                = "alert-${local.base}-postgres-connections"
  description         = "PostgreSQL has more than ${local.postgres_connection_budget + local.postgres_reserved_connections} connections: PgBouncer's pool (${var.pgbouncer_default_pool_size}) + ${local.postgres_direct_connections} direct + ${local.postgres_reserved_connections} Azure. Something connects outside the budget (docs/connection-budget.md); the server refuses connections at ${local.postgres_user_connections}."
  resource_group_name = azurerm_resource_group.main.name
  scopes              = [azurerm_postgresql_flexible_server.main.id]
  severity            = 2
  frequency           = "PT1M"
  window_size         = "PT5M"

  criteria {
    metric_namespace = "Microsoft.DBforPostgreSQL/flexibleServers"
    metric_name      = "active_connections"
    aggregation      = "Maximum"
    operator         = "GreaterThan"
    threshold        = local.postgres_connection_budget + local.postgres_reserved_connections
  }

  action {
    action_group_id = azurerm_monitor_action_group.operators.id
  }

  tags = local.tags
}

# The app queueing for PgBouncer's server connections for a quarter of an hour, not for a burst: the pool (or the
# server behind it) is what limits the API now.
resource "azurerm_monitor_metric_alert" "pgbouncer_saturated" {
  name                = "alert-${local.base}-pgbouncer-saturated"
  description         = "Clients have been waiting for one of PgBouncer's ${var.pgbouncer_default_pool_size} server connections for 15 minutes. Raise pgbouncer_default_pool_size if the server's CPU has room, else the server (docs/connection-budget.md)."
  resource_group_name = azurerm_resource_group.main.name
  scopes              = [azurerm_postgresql_flexible_server.main.id]
  severity            = 2
  frequency           = "PT5M"
  window_size         = "PT15M"

  criteria {
    metric_namespace = "Microsoft.DBforPostgreSQL/flexibleServers"
    metric_name      = "client_connections_waiting"
    aggregation      = "Average"
    operator         = "GreaterThan"
    threshold        = 1

    dimension {
      name     = "DatabaseName"
      operator = "Include"
      values   = [azurerm_postgresql_flexible_server_database.app.name]
    }
  }

  action {
    action_group_id = azurerm_monitor_action_group.operators.id
  }

  tags = local.tags

  depends_on = [azurerm_postgresql_flexible_server_configuration.pgbouncer_diagnostics]
}

# ---------------------------------------------------------------------------------------------------------
# Storage
# ---------------------------------------------------------------------------------------------------------

# Availability: the share of requests the storage service completed without an unexpected error (Azure's metric,
# per account). Below 99% over 15 minutes means uploads, downloads, queues or the host's own state are failing.
# An account with no requests in the window has no data and does not alert.
resource "azurerm_monitor_metric_alert" "storage_availability" {
  for_each = {
    data = azurerm_storage_account.data.id
    host = azurerm_storage_account.host.id
  }
  name                = "alert-${local.base}-storage-${each.key}-availability"
  description         = "The ${each.key} storage account answered less than ${var.alert_storage_availability_percent}% of requests successfully over 15 minutes."
  resource_group_name = azurerm_resource_group.main.name
  scopes              = [each.value]
  severity            = 1
  frequency           = "PT5M"
  window_size         = "PT15M"

  criteria {
    metric_namespace = "Microsoft.Storage/storageAccounts"
    metric_name      = "Availability"
    aggregation      = "Average"
    operator         = "LessThan"
    threshold        = var.alert_storage_availability_percent
  }

  action {
    action_group_id = azurerm_monitor_action_group.operators.id
  }

  tags = local.tags
}
