# One user-assigned identity for the function app. It is used for host storage (AzureWebJobsStorage__*),
# the Flex Consumption deployment container, the data account (DataStorage__*: app code and trigger
# bindings) and Key Vault references. A user-assigned identity exists before the app does, so every role
# below can be in place before the host first starts.
resource "azurerm_user_assigned_identity" "functions" {
  name                = local.names.identity
  resource_group_name = azurerm_resource_group.main.name
  location            = azurerm_resource_group.main.location
  tags                = local.tags
}

# --- host storage -------------------------------------------------------------------------------------

# Flex Consumption reads the deployment package from, and the host keeps its keys and locks in, this account.
resource "azurerm_role_assignment" "functions_host_blob_owner" {
  scope                = azurerm_storage_account.host.id
  role_definition_name = "Storage Blob Data Owner"
  principal_id         = azurerm_user_assigned_identity.functions.principal_id
  principal_type       = "ServicePrincipal"
}

# The blob trigger's bookkeeping (e.g. the webjobs-blobtrigger-poison queue) lives in host storage.
resource "azurerm_role_assignment" "functions_host_queue_contributor" {
  scope                = azurerm_storage_account.host.id
  role_definition_name = "Storage Queue Data Contributor"
  principal_id         = azurerm_user_assigned_identity.functions.principal_id
  principal_type       = "ServicePrincipal"
}

# --- data storage -------------------------------------------------------------------------------------

# Read/write/delete blobs and create user-delegation SAS links (generateUserDelegationKey is part of it):
# shared keys are disabled, so upload and download links must be user-delegation SAS.
resource "azurerm_role_assignment" "functions_data_blob_contributor" {
  scope                = azurerm_storage_account.data.id
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = azurerm_user_assigned_identity.functions.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_role_assignment" "functions_data_queue_contributor" {
  scope                = azurerm_storage_account.data.id
  role_definition_name = "Storage Queue Data Contributor"
  principal_id         = azurerm_user_assigned_identity.functions.principal_id
  principal_type       = "ServicePrincipal"
}

# --- Key Vault ----------------------------------------------------------------------------------------

resource "azurerm_role_assignment" "functions_key_vault_secrets_user" {
  scope                = azurerm_key_vault.main.id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.functions.principal_id
  principal_type       = "ServicePrincipal"
}

# --- people and pipelines -------------------------------------------------------------------------------

# The provider reads queue and static-website properties of each storage account over the data plane, and
# shared keys are disabled, so the identity running Terraform needs data roles before the accounts exist:
# hence resource-group scope. The setup step (run by the same identity) creates containers and queues.
resource "azurerm_role_assignment" "deployer_blob_contributor" {
  count                = var.grant_deployer_data_plane_roles ? 1 : 0
  scope                = azurerm_resource_group.main.id
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = data.azurerm_client_config.current.object_id
}

resource "azurerm_role_assignment" "deployer_queue_contributor" {
  count                = var.grant_deployer_data_plane_roles ? 1 : 0
  scope                = azurerm_resource_group.main.id
  role_definition_name = "Storage Queue Data Contributor"
  principal_id         = data.azurerm_client_config.current.object_id
}

resource "azurerm_role_assignment" "deployer_key_vault_secrets_officer" {
  count                = var.grant_deployer_data_plane_roles ? 1 : 0
  scope                = azurerm_key_vault.main.id
  role_definition_name = "Key Vault Secrets Officer"
  principal_id         = data.azurerm_client_config.current.object_id
}

resource "azurerm_role_assignment" "secrets_officers" {
  for_each             = toset(var.key_vault_secrets_officer_principal_ids)
  scope                = azurerm_key_vault.main.id
  role_definition_name = "Key Vault Secrets Officer"
  principal_id         = each.value
}
