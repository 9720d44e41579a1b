output "resource_group_name" {
  description = "Resource group holding everything."
  value       = azurerm_resource_group.main.name
}

output "function_app_name" {
  description = "Function app name (for az functionapp commands)."
  value       = azurerm_function_app_flex_consumption.api.name
}

output "function_app_host_name" {
  description = "Default host name of the function app; the API is at https://<host>/api/v1/..."
  value       = azurerm_function_app_flex_consumption.api.default_hostname
}

output "host_storage_account_name" {
  description = "Functions host storage (runtime state, deployment package, dead-lettered upload events)."
  value       = azurerm_storage_account.host.name
}

output "data_storage_account_name" {
  description = "Data storage (uploads, documents, proposals, queues)."
  value       = azurerm_storage_account.data.name
}

output "data_blob_service_uri" {
  description = "DataStorage__blobServiceUri, for the setup step."
  value       = local.app_settings["DataStorage__blobServiceUri"]
}

output "data_queue_service_uri" {
  description = "DataStorage__queueServiceUri, for the setup step."
  value       = local.app_settings["DataStorage__queueServiceUri"]
}

output "postgres_fqdn" {
  description = "PostgreSQL server FQDN (private IP inside the VNet, public IP elsewhere when public access is on)."
  value       = azurerm_postgresql_flexible_server.main.fqdn
}

output "postgres_server_name" {
  description = "PostgreSQL server name (for az postgres flexible-server commands, e.g. the pipeline's temporary firewall rule)."
  value       = azurerm_postgresql_flexible_server.main.name
}

output "postgres_admin_login" {
  description = "Administrator login: DB_MIGRATION_USER for the setup step."
  value       = azurerm_postgresql_flexible_server.main.administrator_login
}

output "db_url" {
  description = "DB_URL as the app uses it: through PgBouncer (6432)."
  value       = local.app_settings["DB_URL"]
}

output "db_url_direct" {
  description = "DB_URL for the setup step: straight to PostgreSQL (5432), because migrations should not run through a transaction-mode pooler."
  value       = "jdbc:postgresql://${azurerm_postgresql_flexible_server.main.fqdn}:5432/${azurerm_postgresql_flexible_server_database.app.name}?sslmode=require"
}

output "db_app_user" {
  description = "DB_USER: the application's login role."
  value       = var.db_app_user
}

output "key_vault_name" {
  description = "Key Vault holding the app's secrets."
  value       = azurerm_key_vault.main.name
}

output "key_vault_uri" {
  description = "Key Vault URI."
  value       = azurerm_key_vault.main.vault_uri
}

output "function_identity_client_id" {
  description = "Client ID of the function app's user-assigned identity (DataStorage__clientId, AzureWebJobsStorage__clientId)."
  value       = azurerm_user_assigned_identity.functions.client_id
}

output "function_identity_principal_id" {
  description = "Object (principal) ID of the function app's user-assigned identity, for extra role assignments."
  value       = azurerm_user_assigned_identity.functions.principal_id
}

output "nat_public_ip" {
  description = "Static egress IP of the function app, when nat_gateway_enabled."
  value       = var.nat_gateway_enabled ? azurerm_public_ip.nat[0].ip_address : null
}

output "upload_events_subscription_enabled" {
  description = "Whether the Event Grid subscription for upload validation exists (second apply)."
  value       = var.upload_events_enabled
}

output "app_settings_kept_from_outside_terraform" {
  description = "Names of app settings on the function app that Terraform does not own and keeps as they are (added with az functionapp config appsettings set or the portal). Names only; the values stay sensitive."
  value       = sort(nonsensitive(keys(local.app_settings_kept)))
}
