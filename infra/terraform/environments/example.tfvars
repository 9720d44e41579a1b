# Example values for one environment. Copy to environments/<env>.tfvars and edit; the example.com / TEST
# values below are illustrations, not working settings.
#
# Not here on purpose:
#   postgres_admin_password  -> export TF_VAR_postgres_admin_password from the deploy Key Vault (infra/README.md)
#   every app secret         -> az keyvault secret set (see infra/README.md)

environment = "dev"
location    = "centralindia"

# Application settings that are not secrets.
email_from      = "no-reply@example.com"
msg91_sender_id = "CPNTWK"
public_app_url  = "https://app.example.com"

# MSG91 template ids (DLT-registered), one per SMS the app sends; placeholders here.
msg91_template_ids = {
  SIGN_IN_CODE        = "TEMPLATE-ID-SIGN-IN-CODE"
  QUOTATION_SHARED    = "TEMPLATE-ID-QUOTATION-SHARED"
  QUOTATION_ACCEPTED  = "TEMPLATE-ID-QUOTATION-ACCEPTED"
  QUOTATION_REJECTED  = "TEMPLATE-ID-QUOTATION-REJECTED"
  COMMISSION_APPROVED = "TEMPLATE-ID-COMMISSION-APPROVED"
  COMMISSION_PAID     = "TEMPLATE-ID-COMMISSION-PAID"
  KYC_APPROVED        = "TEMPLATE-ID-KYC-APPROVED"
  KYC_REJECTED        = "TEMPLATE-ID-KYC-REJECTED"
}

# Where alerts are mailed (poison messages, 5xx rate, PostgreSQL, PgBouncer, storage availability).
alert_email = "ops@example.com"

# Browser origins (admin console) for API calls and for direct uploads to storage.
api_cors_allowed_origins    = ["https://app.example.com"]
upload_cors_allowed_origins = ["https://app.example.com"]

# PostgreSQL: General Purpose is the smallest tier with built-in PgBouncer.
postgres_version    = "17"
postgres_sku_name   = "GP_Standard_D2ds_v5"
postgres_storage_mb = 32768

# Public IP of the runner that runs migrations (documentation range shown). Leave empty to keep the
# server private-only and run the setup step from inside the VNet.
postgres_allowed_ip_ranges = ["203.0.113.10/32"]

# Deploying with .github/workflows/deploy.yml instead: the public endpoint stays on but closed, and the pipeline
# opens it for its own runner while the setup step runs.
# postgres_public_network_access_enabled = true
# postgres_allowed_ip_ranges             = []

# Scale: cold starts are cheaper than an always-ready instance for a small team. The instance count is bounded by the
# connection budget (docs/connection-budget.md): instances x db_pool_size <= 2 x pgbouncer_default_pool_size.
function_maximum_instance_count      = 20
function_always_ready_http_instances = 0
db_pool_size                         = 5
pgbouncer_default_pool_size          = 50

# Who may set and rotate secrets (object IDs of a group or pipeline identity).
key_vault_secrets_officer_principal_ids = []

# A short-lived dev environment can be torn down and recreated with the same vault name.
key_vault_purge_protection_enabled = false

# Step 2, after the first code deploy:
upload_events_enabled = false

# Second apply, optional: Defender for Storage malware scanning of uploads (needs the malware-scan-webhook-key secret).
malware_scanning_enabled = false
