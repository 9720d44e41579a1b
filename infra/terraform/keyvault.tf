# RBAC-mode vault for the app's secrets. Terraform creates the vault and the access, but NOT the secrets:
# operators set them with `az keyvault secret set` (infra/README.md). The app settings reference them by
# versionless URI, so a new version is picked up on the next restart (or within 24 hours).
#
# Why not create them here with placeholder values and ignore_changes = [value]? Because refreshing an
# azurerm_key_vault_secret reads the current value back into state, so the real secrets would end up in
# state after the first rotation anyway.

locals {
  # Secret name => app setting that references it.
  app_secrets = {
    "db-password"       = "DB_PASSWORD"
    "jwt-signing-key"   = "JWT_SIGNING_KEY"
    "jwt-previous-keys" = "JWT_PREVIOUS_KEYS"
    "auth-secret"       = "AUTH_SECRET"
    "operator-api-key"  = "OPERATOR_API_KEY"
    "sendgrid-api-key"  = "SENDGRID_API_KEY"
    "msg91-auth-key"    = "MSG91_AUTH_KEY"
    # Only referenced when malware scanning is on (malware.tf).
    "malware-scan-webhook-key" = "MALWARE_SCAN_WEBHOOK_KEY"
  }

  key_vault_references = {
    for secret, setting in local.app_secrets :
    setting => "@Microsoft.KeyVault(SecretUri=${azurerm_key_vault.main.vault_uri}secrets/${secret})"
  }
}

resource "azurerm_key_vault" "main" {
  name                       = local.names.key_vault
  resource_group_name        = azurerm_resource_group.main.name
  location                   = azurerm_resource_group.main.location
  tenant_id                  = data.azurerm_client_config.current.tenant_id
  sku_name                   = "standard"
  rbac_authorization_enabled = true
  purge_protection_enabled   = var.key_vault_purge_protection_enabled
  soft_delete_retention_days = 90

  # Reached over its public endpoint by the function app (Key Vault references) and by operators setting
  # secrets; every call is authorised by Entra ID RBAC. A private endpoint is a possible hardening step.
  public_network_access_enabled = true

  tags = local.tags
}
