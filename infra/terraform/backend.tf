# State holds the App Insights connection string and, once upload events are enabled, the Functions
# blobs-extension key inside the Event Grid webhook URL. Keep it in a private, Entra-only storage container,
# not on a laptop. The values are supplied at init time (see infra/README.md, "State"):
#
#   terraform init \
#     -backend-config="resource_group_name=<rg>" \
#     -backend-config="storage_account_name=<account>" \
#     -backend-config="container_name=tfstate" \
#     -backend-config="key=cpnetwork-<env>.tfstate"
terraform {
  backend "azurerm" {
    use_azuread_auth = true
  }
}
