# PostgreSQL 17, the version the migrations and integration tests run against (var.postgres_version). Raising the
# version later is an in-place major-version upgrade in Azure; the provider only replaces the server for a downgrade.
resource "azurerm_postgresql_flexible_server" "main" {
  name                = local.names.postgres
  resource_group_name = azurerm_resource_group.main.name
  location            = azurerm_resource_group.main.location
  version             = var.postgres_version
  sku_name            = var.postgres_sku_name

  storage_mb                   = var.postgres_storage_mb
  auto_grow_enabled            = true
  backup_retention_days        = var.postgres_backup_retention_days
  geo_redundant_backup_enabled = var.postgres_geo_redundant_backup

  administrator_login = var.postgres_admin_login
  # Write-only: sent to Azure, never stored in state. Bump the version to rotate.
  administrator_password_wo         = var.postgres_admin_password
  administrator_password_wo_version = var.postgres_admin_password_version

  authentication {
    password_auth_enabled         = true
    active_directory_auth_enabled = false
  }

  # The function app always comes in through the private endpoint. The public endpoint exists only for the deploy
  # step's migrations: for the listed ranges, or closed by the firewall except for the temporary rule the pipeline
  # adds for its runner (postgres_public_network_access_enabled). Rules created outside Terraform are not in state,
  # so an apply does not remove the pipeline's rule, and the pipeline deletes it itself.
  public_network_access_enabled = var.postgres_public_network_access_enabled || length(var.postgres_allowed_ip_ranges) > 0

  dynamic "high_availability" {
    for_each = var.postgres_zone_redundant_ha ? [1] : []
    content {
      mode = "ZoneRedundant"
    }
  }

  # Sunday 21:30 UTC = Monday 03:00 IST, the quietest hour for an India-based sales team.
  maintenance_window {
    day_of_week  = 0
    start_hour   = 21
    start_minute = 30
  }

  tags = local.tags

  lifecycle {
    # Azure picks the zone, and swaps primary/standby zones after a failover; do not fight it.
    ignore_changes = [
      zone,
      high_availability[0].standby_availability_zone,
    ]
  }
}

locals {
  # Default max_connections of the compute sizes this setup is likely to use (Azure "Limits in Azure Database for
  # PostgreSQL flexible server"); Azure keeps 15 of them for replication and its own monitoring. A size not listed
  # is checked against 5000, the most any size allows.
  postgres_max_connections_by_sku = {
    GP_Standard_D2ds_v5  = 859
    GP_Standard_D2ads_v5 = 859
    GP_Standard_D4ds_v5  = 1718
    GP_Standard_D4ads_v5 = 1718
    GP_Standard_D8ds_v5  = 3437
    GP_Standard_D8ads_v5 = 3437
    MO_Standard_E2ds_v5  = 1718
    MO_Standard_E4ds_v5  = 3437
  }
  postgres_reserved_connections = 15
  postgres_user_connections     = lookup(local.postgres_max_connections_by_sku, var.postgres_sku_name, 5000) - local.postgres_reserved_connections

  # Connections that bypass PgBouncer (port 5432): the setup step (Flyway and the role grants, as the admin) and
  # a few operators with psql.
  postgres_direct_connections = 10

  # The most server connections the plan accounts for: PgBouncer's pool for the app's role plus the direct ones.
  postgres_connection_budget = var.pgbouncer_default_pool_size + local.postgres_direct_connections
}

resource "azurerm_postgresql_flexible_server_database" "app" {
  name      = "cpnetwork"
  server_id = azurerm_postgresql_flexible_server.main.id
  charset   = "UTF8"
  collation = "en_US.utf8"
}

# Server parameters are applied one at a time: the service rejects concurrent configuration updates.

# TLS on both 5432 and the PgBouncer port. "on" is the service default; stating it keeps it from being
# switched off by hand without Terraform noticing.
resource "azurerm_postgresql_flexible_server_configuration" "require_secure_transport" {
  name      = "require_secure_transport"
  server_id = azurerm_postgresql_flexible_server.main.id
  value     = "on"
}

# Built-in PgBouncer on port 6432. Flex Consumption can scale to dozens of instances, each with its own
# small Hikari pool; PgBouncer multiplexes them onto a few server connections.
resource "azurerm_postgresql_flexible_server_configuration" "pgbouncer_enabled" {
  name      = "pgbouncer.enabled"
  server_id = azurerm_postgresql_flexible_server.main.id
  value     = "true"

  depends_on = [azurerm_postgresql_flexible_server_configuration.require_secure_transport]
}

# Transaction pooling: the app keeps nothing session-scoped outside a transaction (set_config(..., true),
# no server-side prepared statements when DB_TRANSACTION_POOLER=true).
resource "azurerm_postgresql_flexible_server_configuration" "pgbouncer_pool_mode" {
  name      = "pgbouncer.pool_mode"
  server_id = azurerm_postgresql_flexible_server.main.id
  value     = "transaction"

  depends_on = [azurerm_postgresql_flexible_server_configuration.pgbouncer_enabled]
}

# The connection budget (docs/connection-budget.md). Stated rather than left to Azure's defaults because the
# function app's maximum_instance_count and the connections alert are derived from them.
resource "azurerm_postgresql_flexible_server_configuration" "pgbouncer_default_pool_size" {
  name      = "pgbouncer.default_pool_size"
  server_id = azurerm_postgresql_flexible_server.main.id
  value     = tostring(var.pgbouncer_default_pool_size)

  depends_on = [azurerm_postgresql_flexible_server_configuration.pgbouncer_pool_mode]

  lifecycle {
    precondition {
      condition     = local.postgres_connection_budget <= local.postgres_user_connections
      error_message = "pgbouncer_default_pool_size plus ${local.postgres_direct_connections} direct connections exceeds the ${local.postgres_user_connections} user connections of ${var.postgres_sku_name} (docs/connection-budget.md)."
    }
  }
}

resource "azurerm_postgresql_flexible_server_configuration" "pgbouncer_max_client_conn" {
  name      = "pgbouncer.max_client_conn"
  server_id = azurerm_postgresql_flexible_server.main.id
  value     = tostring(var.pgbouncer_max_client_conn)

  depends_on = [azurerm_postgresql_flexible_server_configuration.pgbouncer_default_pool_size]
}

# PgBouncer's own metrics (client_connections_waiting and friends), which the pool-saturation alert reads.
resource "azurerm_postgresql_flexible_server_configuration" "pgbouncer_diagnostics" {
  name      = "metrics.pgbouncer_diagnostics"
  server_id = azurerm_postgresql_flexible_server.main.id
  value     = "on"

  depends_on = [azurerm_postgresql_flexible_server_configuration.pgbouncer_max_client_conn]
}

resource "azurerm_postgresql_flexible_server_firewall_rule" "allowed" {
  for_each         = toset(var.postgres_allowed_ip_ranges)
  name             = "allow-${replace(replace(each.value, ".", "-"), "/", "_")}"
  server_id        = azurerm_postgresql_flexible_server.main.id
  start_ip_address = cidrhost(each.value, 0)
  end_ip_address   = cidrhost(each.value, -1)
}

resource "azurerm_private_endpoint" "postgres" {
  name                = local.names.private_endpoint
  resource_group_name = azurerm_resource_group.main.name
  location            = azurerm_resource_group.main.location
  subnet_id           = azurerm_subnet.private_endpoints.id
  tags                = local.tags

  private_service_connection {
    name                           = "psc-${local.names.postgres}"
    private_connection_resource_id = azurerm_postgresql_flexible_server.main.id
    subresource_names              = ["postgresqlServer"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "postgres"
    private_dns_zone_ids = [azurerm_private_dns_zone.postgres.id]
  }
}
