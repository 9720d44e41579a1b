terraform {
  # 1.11 is the first release with write-only arguments: the PostgreSQL admin password is passed as an
  # ephemeral variable into `administrator_password_wo`, so it is never written to state or to a plan file.
  required_version = ">= 1.11.0"

  required_providers {
    azurerm = {
      source = "hashicorp/azurerm"
      # 4.x: azurerm_function_app_flex_consumption, storage containers/queues by storage_account_id (ARM, not
      # data plane), rbac_authorization_enabled on Key Vault, write-only PostgreSQL admin password.
      version = "~> 4.70"
    }
    azapi = {
      source = "Azure/azapi"
      # Used for two narrow work-arounds on the Flex Consumption app that azurerm cannot express yet
      # (see functions.tf): the Key Vault reference identity and the final app-settings document.
      version = "~> 2.4"
    }
  }
}

provider "azurerm" {
  # Null falls back to ARM_SUBSCRIPTION_ID / the Azure CLI's current subscription.
  subscription_id = var.subscription_id

  # Both storage accounts have shared-key access disabled, so every data-plane call the provider makes
  # (it reads queue and static-website properties when refreshing a storage account) must use Entra ID.
  storage_use_azuread = true

  features {
    key_vault {
      # A destroyed vault stays soft-deleted (recoverable) instead of being purged by Terraform.
      purge_soft_delete_on_destroy    = false
      recover_soft_deleted_key_vaults = true
    }
    resource_group {
      prevent_deletion_if_contains_resources = true
    }
  }
}

provider "azapi" {}
