locals {
  # JWT_ISSUER only has to be the same for the code that signs and the code that verifies (both this app),
  # so it is derived from the app name rather than from the resource's own default_hostname (a resource
  # cannot reference itself).
  jwt_issuer = coalesce(var.jwt_issuer, "https://${local.names.function_app}.azurewebsites.net")

  # The app settings Terraform owns, in named maps so that every key this configuration can ever write is known
  # (app_settings_owned_keys below), including the ones a switch leaves out now. Names are the contract with the code:
  # AppSettingsContractTest (functions module) fails when the application reads a setting none of these maps sets,
  # or one of them sets a setting the application never reads. Secrets are Key Vault references resolved by the
  # platform with the user-assigned identity.
  app_settings_always = {
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

    SENDGRID_API_KEY      = local.key_vault_references["SENDGRID_API_KEY"]
    EMAIL_FROM            = var.email_from
    MSG91_AUTH_KEY        = local.key_vault_references["MSG91_AUTH_KEY"]
    MSG91_SENDER_ID       = var.msg91_sender_id
    DEFAULT_PHONE_REGION  = var.default_phone_region
    PUBLIC_APP_URL        = var.public_app_url
    CUSTOMER_APP_URL      = coalesce(var.customer_app_url, var.public_app_url)
    RATE_LIMIT_PER_MINUTE = tostring(var.rate_limit_per_minute)
  }

  # One DLT template id per SMS the app sends (SmsTemplate): MSG91_TEMPLATE_SIGN_IN_CODE, ...
  app_settings_msg91_templates = {
    for name, id in var.msg91_template_ids : "MSG91_TEMPLATE_${name}" => id
  }

  # Absent (not empty-but-unresolved) unless switched on: an unresolved Key Vault reference leaves the literal
  # "@Microsoft.KeyVault(...)" text in the setting, which would be a guessable operator key.
  app_settings_operator_api = {
    OPERATOR_API_KEY = local.key_vault_references["OPERATOR_API_KEY"]
  }

  # Documents wait for Defender's verdict only when scanning is on; the webhook key is read from Key Vault.
  app_settings_malware_scanning = {
    MALWARE_SCANNING         = "true"
    MALWARE_SCAN_WEBHOOK_KEY = local.key_vault_references["MALWARE_SCAN_WEBHOOK_KEY"]
  }

  app_settings = merge(
    local.app_settings_always,
    local.app_settings_msg91_templates,
    var.operator_api_enabled ? local.app_settings_operator_api : {},
    var.malware_scanning_enabled ? local.app_settings_malware_scanning : {},
  )

  # Settings Terraform writes that the application does not read: the Functions host's telemetry target. The provider
  # sets it from site_config; the settings document repeats it so that the document is complete.
  app_settings_platform = {
    APPLICATIONINSIGHTS_CONNECTION_STRING = azurerm_application_insights.main.connection_string
  }

  # Every key Terraform owns: set to its value on each apply, removed when the configuration no longer sets it.
  # Any other key belongs to whoever added it (an operator with `az functionapp config appsettings set`, the
  # portal) and is kept. `AzureWebJobsStorage` is owned so that it is always removed: see work-around 2 below.
  # app_settings_retired lists keys earlier versions of this configuration set; keep a key here after removing it
  # from the maps above, or it stays on the app as if an operator had added it.
  app_settings_retired = []
  app_settings_owned_keys = toset(concat(
    keys(local.app_settings_always),
    keys(local.app_settings_msg91_templates),
    keys(local.app_settings_operator_api),
    keys(local.app_settings_malware_scanning),
    keys(local.app_settings_platform),
    ["AzureWebJobsStorage"],
    local.app_settings_retired,
  ))
  app_settings_desired = merge(local.app_settings, local.app_settings_platform)
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

  # Only on create. Afterwards the settings document is written by azapi_resource_action.app_settings below, which
  # keeps the keys Terraform does not own; were this argument managed, every apply would wipe them (the resource
  # replaces the whole map). docs/decisions/0016-app-settings-ownership.md.
  app_settings = local.app_settings

  tags = local.tags

  lifecycle {
    ignore_changes = [app_settings]
  }

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

# 2. App settings: Terraform's keys written, everybody else's kept (docs/decisions/0016-app-settings-ownership.md).
#
#    The settings document has no per-key API: a PUT of config/appsettings replaces all of it, and the flex resource
#    replaces the whole map too. So the document is written here from what is on the app now (the `list` action,
#    read during plan, or during apply when the app itself changes) with every key Terraform owns dropped, plus the
#    owned keys with their values. Keys an operator added survive; an owned key removed from the configuration is
#    removed from the app.
#
#    It also drops the stray `AzureWebJobsStorage`: with storage_authentication_type = "UserAssignedIdentity" the
#    provider still writes that setting, a connection string with an empty AccountKey, on create and on every update
#    (hashicorp/terraform-provider-azurerm #29693, #33211; fix pending in PR #29099). The host would take it over the
#    AzureWebJobsStorage__* identity settings and fail to start. Setting it to "" instead is no cure: an empty value
#    still counts as present for the host (azure-functions-host #11796), and the provider hides the key when
#    reading, so it would show as a change on every plan. replace_triggered_by repeats this PUT whenever the
#    function app resource is updated, because that update has just put the stray value back.
data "azapi_resource_action" "current_app_settings" {
  type        = "Microsoft.Web/sites/config@2024-04-01"
  resource_id = "${azurerm_function_app_flex_consumption.api.id}/config/appsettings"
  action      = "list"
  method      = "POST"

  # Settings added outside Terraform may be secrets: kept out of plan output (they are in state, as the flex
  # resource's own app_settings attribute already puts every setting there).
  sensitive_response_export_values = ["properties"]
}

locals {
  app_settings_current = try(data.azapi_resource_action.current_app_settings.sensitive_output.properties, {})

  app_settings_kept = {
    for key, value in local.app_settings_current : key => value
    if !contains(local.app_settings_owned_keys, key)
  }

  # Owned keys whose value on the app differs from the configuration (changed or removed by hand, or the stray
  # AzureWebJobsStorage). Names only, never values.
  app_settings_drifted = sort(nonsensitive([
    for key in local.app_settings_owned_keys : key
    if lookup(local.app_settings_current, key, null) != lookup(local.app_settings_desired, key, null)
  ]))
}

resource "azapi_resource_action" "app_settings" {
  type        = "Microsoft.Web/sites/config@2024-04-01"
  resource_id = "${azurerm_function_app_flex_consumption.api.id}/config/appsettings"
  method      = "PUT"

  body = {
    properties = merge(local.app_settings_kept, local.app_settings_desired)
  }

  depends_on = [azapi_resource_action.key_vault_reference_identity]

  lifecycle {
    replace_triggered_by = [azurerm_function_app_flex_consumption.api]
  }
}

# The PUT above runs when the document it would write changes (an owned value, an operator's key) or the app was
# updated. An owned key changed by hand while neither happened leaves the written document as it was, so the
# PUT has nothing to do; this check names such keys on every plan. Restore them with
#   terraform apply -replace=azapi_resource_action.app_settings
check "app_settings_owned_keys_in_place" {
  assert {
    condition     = length(local.app_settings_drifted) == 0
    error_message = "App settings owned by Terraform differ on the app: ${join(", ", local.app_settings_drifted)}. Run terraform apply -replace=azapi_resource_action.app_settings to write them back."
  }
}
