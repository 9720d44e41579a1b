data "azurerm_client_config" "current" {}

locals {
  base = "${var.name_prefix}-${var.environment}"

  # Storage accounts, Key Vault, PostgreSQL and the function app need globally unique names. A hash of
  # subscription + base + region is stable across runs and machines, unlike a random provider value.
  suffix = var.name_suffix != "" ? var.name_suffix : substr(sha1("${data.azurerm_client_config.current.subscription_id}/${local.base}/${var.location}"), 0, 6)

  # Storage accounts: 3-24 lowercase letters/digits. Key Vault: at most 24 characters, no double hyphens.
  compact_prefix = substr(replace(var.name_prefix, "-", ""), 0, 8)
  compact_env    = substr(var.environment, 0, 4)

  names = {
    resource_group = "rg-${local.base}"
    vnet           = "vnet-${local.base}"
    identity       = "id-${local.base}-func"
    log_analytics  = "log-${local.base}"
    app_insights   = "appi-${local.base}"
    plan           = "asp-${local.base}"
    # Can exceed the 32 characters the Functions host ID is cut to; harmless here because the host
    # storage account is not shared with any other function app.
    function_app     = "func-${local.base}-${local.suffix}"
    host_storage     = "st${local.compact_prefix}${local.compact_env}h${local.suffix}"
    data_storage     = "st${local.compact_prefix}${local.compact_env}d${local.suffix}"
    key_vault        = "kv-${local.compact_prefix}-${local.compact_env}-${local.suffix}"
    postgres         = "psql-${local.base}-${local.suffix}"
    system_topic     = "evgt-${local.base}-data"
    nat_gateway      = "ng-${local.base}"
    nat_public_ip    = "pip-${local.base}-nat"
    private_endpoint = "pe-${local.base}-psql"
  }

  tags = merge(var.tags, {
    application = var.name_prefix
    environment = var.environment
    managed-by  = "terraform"
  })
}

resource "azurerm_resource_group" "main" {
  name     = local.names.resource_group
  location = var.location
  tags     = local.tags
}
