locals {
  # JWT_ISSUER only has to be the same for the code that signs and the code that verifies (both this app),
  # so it is derived from the app name rather than from the resource's own default_hostname (a resource
  # cannot reference itself).
  jwt_issuer = coalesce(var.jwt_issuer, "https://${local.names.function_app}.azurewebsites.net")

  # Every setting the application reads (names are the contract with the code). Secrets are Key Vault
  # references resolved by the platform with the user-assigned identity.
  app_settings = merge(
    {
      # PostgreSQL through the built-in PgBouncer (6432, transaction mode), TLS required.
      DB_URL                = "jdbc:postgresql://${azurerm_postgresql_flexible_server.main.fqdn}:6432/${azurerm_postgresql_flexible_server_database.app.name}?sslmode=require"
      DB_USER               = var.db_app_user
      DB_PASSWORD           = local.key_vault_references["DB_PASSWORD"]
      DB_POOL_SIZE          = tostring(var.db_pool_size)
      DB_TRANSACTION_POOLER = "true"

      # Data account, identity-based: used by the app's storage clients and by the blob/queue trigger
      # bindings declared with connection = "DataStorage".
      DataStorage__blobServiceUri  = trimsuffix(azurerm_storage_account.data.primary_blob_endpoint, "/")
      DataStorage__queueServiceUri = trimsuffix(azurerm_storage_account.data.primary_queue_endpoint, "/")
      DataStorage__credential      = "managedidentity"
      DataStorage__clientId        = azurerm_user_assigned_identity.functions.client_id

      # Host storage, identity-based (no connection string, shared keys are disabled).
      AzureWebJobsStorage__accountName = azurerm_storage_account.host.name
      AzureWebJobsStorage__credential  = "managedidentity"
      AzureWebJobsStorage__clientId    = azurerm_user_assigned_identity.functions.client_id

      JWT_SIGNING_KEY   = local.key_vault_references["JWT_SIGNING_KEY"]
      JWT_PREVIOUS_KEYS = local.key_vault_references["JWT_PREVIOUS_KEYS"]
      JWT_ISSUER        = local.jwt_issuer
      JWT_AUDIENCE      = var.jwt_audience
      AUTH_SECRET       = local.key_vault_references["AUTH_SECRET"]

      SENDGRID_API_KEY     = local.key_vault_references["SENDGRID_API_KEY"]
      EMAIL_FROM           = var.email_from
      MSG91_AUTH_KEY       = local.key_vault_references["MSG91_AUTH_KEY"]
      MSG91_SENDER_ID      = var.msg91_sender_id
      DEFAULT_PHONE_REGION = var.default_phone_region
      PUBLIC_APP_URL       = var.public_app_url
      CUSTOMER_APP_URL     = coalesce(var.customer_app_url, var.public_app_url)
    },
    # Absent (not empty-but-unresolved) unless switched on: an unresolved Key Vault reference leaves the
    # literal "@Microsoft.KeyVault(...)" text in the setting, which would be a guessable operator key.
    var.operator_api_enabled ? { OPERATOR_API_KEY = local.key_vault_references["OPERATOR_API_KEY"] } : {},
    # Documents wait for Defender's verdict only when scanning is on; the webhook key is read from Key Vault.
    var.malware_scanning_enabled ? {
      MALWARE_SCANNING         = "true"
      MALWARE_SCAN_WEBHOOK_KEY = local.key_vault_references["MALWARE_SCAN_WEBHOOK_KEY"]
    } : {},
  )
}

resource "azurerm_service_plan" "functions" {
  name                = local.names.plan
  resource_group_name = azurerm_resource_group.main.name
  location            = azurerm_resource_group.main.location
  os_type             = "Linux"
  sku_name            = "FC1"
  tags                = local.tags
}

resource "azurerm_function_app_flex_consumption" "api" {
  name                = local.names.function_app
  resource_group_name = azurerm_resource_group.main.name
  location            = azurerm_resource_group.main.location
  service_plan_id     = azurerm_service_plan.functions.id

  runtime_name    = "java"
  runtime_version = "17"

  # Deployment package (the zip of functions/target/azure-functions/cpnetwork-api), read with the UAMI.
  storage_container_type            = "blobContainer"
  storage_container_endpoint        = "${azurerm_storage_account.host.primary_blob_endpoint}${azurerm_storage_container.deployment.name}"
  storage_authentication_type       = "UserAssignedIdentity"
  storage_user_assigned_identity_id = azurerm_user_assigned_identity.functions.id

  instance_memory_in_mb  = var.function_instance_memory_mb
  maximum_instance_count = var.function_maximum_instance_count
  http_concurrency       = var.function_http_concurrency

  dynamic "always_ready" {
    for_each = var.function_always_ready_http_instances > 0 ? [1] : []
    content {
      name           = "http"
      instance_count = var.function_always_ready_http_instances
    }
  }

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.functions.id]
  }

  virtual_network_subnet_id = azurerm_subnet.functions.id

  https_only                    = true
  public_network_access_enabled = true
  # Deploy with Entra ID (az CLI), not with publishing-profile passwords.
  webdeploy_publish_basic_authentication_enabled = false

  site_config {
    minimum_tls_version                    = "1.2"
    application_insights_connection_string = azurerm_application_insights.main.connection_string

    dynamic "cors" {
      for_each = length(var.api_cors_allowed_origins) > 0 ? [1] : []
      content {
        allowed_origins = var.api_cors_allowed_origins
      }
    }
  }

  app_settings = local.app_settings

  tags = local.tags

  # The host starts as soon as the app exists; give it its storage and Key Vault access first.
  depends_on = [
    azurerm_role_assignment.functions_host_blob_owner,
    azurerm_role_assignment.functions_host_queue_contributor,
    azurerm_role_assignment.functions_data_blob_contributor,
    azurerm_role_assignment.functions_data_queue_contributor,
    azurerm_role_assignment.functions_key_vault_secrets_user,
    azurerm_private_endpoint.postgres,
    azurerm_private_dns_zone_virtual_network_link.postgres,
  ]
}

# ---------------------------------------------------------------------------------------------------------
# Work-arounds for azurerm_function_app_flex_consumption (remove when the provider covers them)
# ---------------------------------------------------------------------------------------------------------

# 1. Key Vault references are resolved with the system-assigned identity unless the site names another
#    one (keyVaultReferenceIdentity). The flex resource has no argument for it yet
#    (hashicorp/terraform-provider-azurerm PR #31439), so set it with a PATCH on the site.
resource "azapi_resource_action" "key_vault_reference_identity" {
  type        = "Microsoft.Web/sites@2024-04-01"
  resource_id = azurerm_function_app_flex_consumption.api.id
  method      = "PATCH"

  body = {
    properties = {
      keyVaultReferenceIdentity = azurerm_user_assigned_identity.functions.id
    }
  }

  lifecycle {
    replace_triggered_by = [azurerm_function_app_flex_consumption.api]
  }
}

# 2. With storage_authentication_type = "UserAssignedIdentity" the provider still writes an
#    `AzureWebJobsStorage` connection string with an empty AccountKey on create and on every update
#    (hashicorp/terraform-provider-azurerm #29693, #33211; fix pending in PR #29099). The host prefers that
#    string over the AzureWebJobsStorage__* identity settings and cannot start. This PUT replaces the whole
#    app-settings document with exactly the settings above, which drops it. The provider hides
#    AzureWebJobsStorage when reading, so plans stay clean; replace_triggered_by re-runs the PUT whenever
#    the function app itself is updated (and has just re-injected the bad value).
resource "azapi_resource_action" "app_settings" {
  type        = "Microsoft.Web/sites/config@2024-04-01"
  resource_id = "${azurerm_function_app_flex_consumption.api.id}/config/appsettings"
  method      = "PUT"

  body = {
    properties = merge(local.app_settings, {
      APPLICATIONINSIGHTS_CONNECTION_STRING = azurerm_application_insights.main.connection_string
    })
  }

  depends_on = [azapi_resource_action.key_vault_reference_identity]

  lifecycle {
    replace_triggered_by = [azurerm_function_app_flex_consumption.api]
  }
}
