# ---------------------------------------------------------------------------------------------------------
# Where and what
# ---------------------------------------------------------------------------------------------------------

variable "subscription_id" {
  description = "Azure subscription to deploy into. Null uses ARM_SUBSCRIPTION_ID or the Azure CLI's current subscription."
  type        = string
  default     = null
}

variable "name_prefix" {
  description = "Short product prefix used in every resource name (lowercase letters, digits, hyphens)."
  type        = string
  default     = "cpnetwork"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,13}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3-15 characters: lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "environment" {
  description = "Environment name, e.g. dev, staging, prod. Part of every resource name."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,7}$", var.environment))
    error_message = "environment must be 2-8 lowercase letters or digits, starting with a letter."
  }
}

variable "location" {
  description = "Azure region for all resources. Flex Consumption is not in every region: check `az functionapp list-flexconsumption-locations`."
  type        = string
  default     = "centralindia"
}

variable "name_suffix" {
  description = "Suffix that makes globally unique names (storage, Key Vault, PostgreSQL, function app) unique. Empty derives a stable 6-character hash from subscription, prefix, environment and region."
  type        = string
  default     = ""

  validation {
    condition     = can(regex("^([a-z0-9]{4,6})?$", var.name_suffix))
    error_message = "name_suffix must be empty or 4-6 lowercase letters/digits."
  }
}

variable "tags" {
  description = "Extra tags applied to every resource (environment and application tags are always added)."
  type        = map(string)
  default     = {}
}

# ---------------------------------------------------------------------------------------------------------
# Network
# ---------------------------------------------------------------------------------------------------------

variable "vnet_address_space" {
  description = "Address space of the virtual network that carries the function app's outbound traffic to PostgreSQL."
  type        = string
  default     = "10.40.0.0/16"
}

variable "functions_subnet_prefix" {
  description = "Subnet delegated to Microsoft.App/environments for Flex Consumption VNet integration. Every scaled-out instance takes an address, so keep it roomy (/24)."
  type        = string
  default     = "10.40.0.0/24"
}

variable "private_endpoints_subnet_prefix" {
  description = "Subnet holding the PostgreSQL private endpoint."
  type        = string
  default     = "10.40.1.0/24"
}

variable "nat_gateway_enabled" {
  description = "Give the functions subnet a NAT gateway with a static public IP (about USD 35/month plus data). Useful when SendGrid/MSG91 access must be restricted to known IPs."
  type        = bool
  default     = false
}

# ---------------------------------------------------------------------------------------------------------
# Function app (Flex Consumption)
# ---------------------------------------------------------------------------------------------------------

variable "function_instance_memory_mb" {
  description = "Memory per Flex Consumption instance: 2048 or 4096 MB."
  type        = number
  default     = 2048

  validation {
    condition     = contains([2048, 4096], var.function_instance_memory_mb)
    error_message = "function_instance_memory_mb must be 2048 or 4096."
  }
}

variable "function_maximum_instance_count" {
  description = "Upper bound on scale-out of the whole app (HTTP, queue, timer and blob trigger instances together). Each instance holds a HikariCP pool of db_pool_size connections to PgBouncer, so instances x db_pool_size is the most transactions the app can attempt at once; it may be at most twice the server connections PgBouncer opens (pgbouncer_default_pool_size). See docs/connection-budget.md."
  type        = number
  default     = 20

  validation {
    condition     = var.function_maximum_instance_count >= 1 && var.function_maximum_instance_count <= 1000
    error_message = "function_maximum_instance_count must be between 1 and 1000."
  }

  validation {
    condition     = var.function_maximum_instance_count * var.db_pool_size <= 2 * var.pgbouncer_default_pool_size
    error_message = "function_maximum_instance_count x db_pool_size may be at most 2 x pgbouncer_default_pool_size (docs/connection-budget.md): beyond that, instances only queue in PgBouncer. Lower the instance count or the pool size, or raise pgbouncer_default_pool_size if the server has room."
  }

  validation {
    condition     = var.function_maximum_instance_count * var.db_pool_size <= var.pgbouncer_max_client_conn
    error_message = "function_maximum_instance_count x db_pool_size must not exceed pgbouncer_max_client_conn: PgBouncer would refuse the connections of the last instances."
  }
}

variable "function_http_concurrency" {
  description = "Concurrent HTTP requests per instance before Flex Consumption scales out. Null keeps the platform default."
  type        = number
  default     = null
}

variable "function_always_ready_http_instances" {
  description = "Always-ready instances for the HTTP trigger group. 0 scales to zero (cheapest, cold starts of a few seconds for Java); 1 keeps one warm instance billed continuously."
  type        = number
  default     = 0
}

variable "api_cors_allowed_origins" {
  description = "Browser origins allowed to call the API (e.g. the admin console). Empty means no CORS headers; native apps do not need CORS."
  type        = list(string)
  default     = []
}

# ---------------------------------------------------------------------------------------------------------
# Storage
# ---------------------------------------------------------------------------------------------------------

variable "data_storage_replication_type" {
  description = "Replication for the data account (uploads, documents kept 7 years, proposals, queues). ZRS survives a zone outage; GZRS/RAGZRS add a second region."
  type        = string
  default     = "ZRS"

  validation {
    condition     = contains(["LRS", "ZRS", "GRS", "GZRS", "RAGRS", "RAGZRS"], var.data_storage_replication_type)
    error_message = "data_storage_replication_type must be one of LRS, ZRS, GRS, GZRS, RAGRS, RAGZRS."
  }
}

variable "upload_cors_allowed_origins" {
  description = "Browser origins allowed to PUT to upload links and GET download links on the data account (e.g. the admin console). Native apps do not need CORS."
  type        = list(string)
  default     = []
}

variable "documents_cool_after_days" {
  description = "Days after it was written that a kept document moves from the Hot to the Cool tier (Cool is online: downloads work unchanged; Cool bills 30 days at least)."
  type        = number
  default     = 30

  validation {
    condition     = var.documents_cool_after_days >= 0 && var.documents_cool_after_days < var.documents_delete_after_days
    error_message = "documents_cool_after_days must be 0 or more and less than documents_delete_after_days."
  }
}

variable "documents_delete_after_days" {
  description = "Safety net behind the app's 7-year document retention: kept documents are deleted by the storage lifecycle policy this many days after they were written. 7 calendar years are up to 2,557 days (two leap days), and the app's daily timer must get there first, so the default adds 30 days of slack."
  type        = number
  default     = 2587

  validation {
    condition     = var.documents_delete_after_days >= 2557
    error_message = "documents_delete_after_days must be at least 2557 (7 years including two leap days), or the policy would delete documents the app still keeps."
  }
}

variable "uploads_delete_after_days" {
  description = "Days after which a blob still in the uploads container is deleted. Uploads are in flight for minutes (10-minute links, validation on arrival); the app gives up a validation after 24 hours, so a day is the shortest safe value."
  type        = number
  default     = 1

  validation {
    condition     = var.uploads_delete_after_days >= 1
    error_message = "uploads_delete_after_days must be at least 1: an upload waiting for its malware verdict may legitimately stay for up to a day."
  }
}

variable "blob_soft_delete_days" {
  description = "Days a deleted blob or container stays recoverable on the data account. Note this also delays the physical removal of documents the app deletes."
  type        = number
  default     = 7
}

# ---------------------------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------------------------

variable "postgres_version" {
  description = "PostgreSQL major version. The migrations and every integration test run against PostgreSQL 17 (embedded-postgres-binaries 17.x), so that is the only version offered; move to a newer one together with the test binaries."
  type        = string
  default     = "17"

  validation {
    condition     = var.postgres_version == "17"
    error_message = "postgres_version must be \"17\": the tests run against PostgreSQL 17 and nothing else has been tried."
  }
}

variable "postgres_sku_name" {
  description = "Compute SKU. Built-in PgBouncer (which the app uses on port 6432) is only available on General Purpose (GP_) and Memory Optimized (MO_) tiers, not Burstable."
  type        = string
  default     = "GP_Standard_D2ds_v5"

  validation {
    condition     = can(regex("^(GP|MO)_", var.postgres_sku_name))
    error_message = "postgres_sku_name must be a General Purpose (GP_...) or Memory Optimized (MO_...) SKU: built-in PgBouncer is not supported on Burstable."
  }
}

variable "postgres_storage_mb" {
  description = "Provisioned storage in MB (can only grow). Auto-grow is on."
  type        = number
  default     = 32768
}

variable "postgres_backup_retention_days" {
  description = "Point-in-time-restore window in days (7-35)."
  type        = number
  default     = 7
}

variable "postgres_geo_redundant_backup" {
  description = "Copy backups to the paired region. Can only be chosen when the server is created."
  type        = bool
  default     = false
}

variable "postgres_zone_redundant_ha" {
  description = "Zone-redundant standby (roughly doubles the PostgreSQL compute cost)."
  type        = bool
  default     = false
}

variable "postgres_admin_login" {
  description = "Server administrator login. The deploy step uses it as DB_MIGRATION_USER (it owns the schema); the application never does."
  type        = string
  default     = "cpnetwork_owner"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{2,62}$", var.postgres_admin_login)) && !contains(["admin", "administrator", "root", "postgres", "azure_superuser", "azure_pg_admin", "guest", "public"], var.postgres_admin_login)
    error_message = "postgres_admin_login must be a lowercase identifier and not a reserved name (admin, root, postgres, ...)."
  }
}

variable "postgres_admin_password" {
  description = "Server administrator password. Ephemeral and write-only: it is sent to Azure but never stored in state or plan files, so it must be supplied on every run (TF_VAR_postgres_admin_password, read from the deploy Key Vault: infra/README.md step 0). Bump postgres_admin_password_version to change it."
  type        = string
  sensitive   = true
  ephemeral   = true

  validation {
    condition     = length(var.postgres_admin_password) >= 16 && length(var.postgres_admin_password) <= 128
    error_message = "postgres_admin_password must be 16-128 characters."
  }
}

variable "postgres_admin_password_version" {
  description = "Increment to push a new postgres_admin_password to the server (write-only arguments are only sent when this changes)."
  type        = number
  default     = 1
}

variable "postgres_public_network_access_enabled" {
  description = "Keep the server's public endpoint on even when postgres_allowed_ip_ranges is empty. With no firewall rule it admits nobody; the deploy pipeline (.github/workflows/deploy.yml) adds a rule for its runner's address while the setup step runs and deletes it afterwards. False (and no ranges) turns the public endpoint off: the setup step must then run inside the VNet."
  type        = bool
  default     = false
}

variable "postgres_allowed_ip_ranges" {
  description = "CIDR ranges allowed through the PostgreSQL public endpoint, e.g. the deploy runner that runs migrations (\"203.0.113.10/32\"). Empty disables public network access entirely; the function app always uses the private endpoint."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for r in var.postgres_allowed_ip_ranges : can(cidrhost(r, 0)) && r != "0.0.0.0/0"])
    error_message = "postgres_allowed_ip_ranges must be CIDR ranges, and 0.0.0.0/0 is not allowed."
  }
}

variable "db_app_user" {
  description = "Login role the application connects as (created by the setup step; owns no tables, no BYPASSRLS). Must differ from postgres_admin_login."
  type        = string
  default     = "cpnetwork_app"
}

variable "db_pool_size" {
  description = "HikariCP pool size per function instance (DB_POOL_SIZE): client connections to PgBouncer, and the most transactions one instance runs at once. The app accepts 1-50."
  type        = number
  default     = 5

  validation {
    condition     = var.db_pool_size >= 1 && var.db_pool_size <= 50
    error_message = "db_pool_size must be between 1 and 50 (the range the application accepts for DB_POOL_SIZE)."
  }
}

variable "pgbouncer_default_pool_size" {
  description = "pgbouncer.default_pool_size: server connections PgBouncer opens per user/database pair. Only the application's role goes through PgBouncer, so this is the most server connections the app can hold. Azure's default is 50."
  type        = number
  default     = 50

  validation {
    condition     = var.pgbouncer_default_pool_size >= 1 && var.pgbouncer_default_pool_size <= 4950
    error_message = "pgbouncer_default_pool_size must be between 1 and 4950 (the range Azure allows)."
  }
}

variable "pgbouncer_max_client_conn" {
  description = "pgbouncer.max_client_conn: client connections PgBouncer accepts (every instance's pool). Azure's default is 5000."
  type        = number
  default     = 5000

  validation {
    condition     = var.pgbouncer_max_client_conn >= 1 && var.pgbouncer_max_client_conn <= 50000
    error_message = "pgbouncer_max_client_conn must be between 1 and 50000 (the range Azure allows)."
  }
}

# ---------------------------------------------------------------------------------------------------------
# Key Vault and access
# ---------------------------------------------------------------------------------------------------------

variable "key_vault_purge_protection_enabled" {
  description = "Purge protection: a deleted vault or secret cannot be purged during the retention period. Keep true in production; false eases tearing down short-lived environments."
  type        = bool
  default     = true
}

variable "key_vault_secrets_officer_principal_ids" {
  description = "Object IDs (users, groups, service principals) allowed to set and rotate the app's secrets (Key Vault Secrets Officer)."
  type        = list(string)
  default     = []
}

variable "grant_deployer_data_plane_roles" {
  description = "Grant the identity running Terraform Storage Blob/Queue Data Contributor on the resource group and Key Vault Secrets Officer on the vault. The provider needs the storage roles because shared keys are disabled; the setup step and secret rotation need the rest."
  type        = bool
  default     = true
}

# ---------------------------------------------------------------------------------------------------------
# Monitoring
# ---------------------------------------------------------------------------------------------------------

variable "alert_email" {
  description = "Address the alerts are mailed to (one action group for all of them): poison messages, API 5xx rate, PostgreSQL down or over its connection budget, PgBouncer saturated, storage availability. Use a team mailbox or distribution list."
  type        = string

  validation {
    condition     = can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alert_email))
    error_message = "alert_email must be an email address."
  }
}

variable "alert_http_5xx_percent" {
  description = "Alert when more than this share (percent) of the API's HTTP requests in 15 minutes end in a 5xx status (windows with fewer than 20 requests are ignored)."
  type        = number
  default     = 5

  validation {
    condition     = var.alert_http_5xx_percent > 0 && var.alert_http_5xx_percent < 100
    error_message = "alert_http_5xx_percent must be between 0 and 100."
  }
}

variable "alert_storage_availability_percent" {
  description = "Alert when a storage account's Availability metric averages below this percentage over 15 minutes."
  type        = number
  default     = 99

  validation {
    condition     = var.alert_storage_availability_percent > 0 && var.alert_storage_availability_percent <= 100
    error_message = "alert_storage_availability_percent must be between 0 and 100."
  }
}

variable "log_retention_days" {
  description = "Log Analytics retention (30 is included in the ingestion price)."
  type        = number
  default     = 30
}

variable "log_daily_quota_gb" {
  description = "Daily ingestion cap for the Log Analytics workspace in GB (-1 for no cap). A cap protects the bill but drops telemetry once reached."
  type        = number
  default     = 2
}

# ---------------------------------------------------------------------------------------------------------
# Application settings that are not secrets
# ---------------------------------------------------------------------------------------------------------

variable "jwt_issuer" {
  description = "JWT_ISSUER. Null uses https://<function app default host name>; set it when the API is served on a custom domain."
  type        = string
  default     = null
}

variable "jwt_audience" {
  description = "JWT_AUDIENCE."
  type        = string
  default     = "cpnetwork-api"
}

variable "email_from" {
  description = "EMAIL_FROM: sender address; must be a verified sender (or domain) in SendGrid."
  type        = string
}

variable "msg91_sender_id" {
  description = "MSG91_SENDER_ID: the DLT-registered 6-character SMS header."
  type        = string
}

variable "msg91_template_ids" {
  description = "MSG91_TEMPLATE_<NAME>: the DLT-registered MSG91 template id of each SMS the app sends (shared-lib SmsTemplate). Every one is required: an SMS whose template has no id is not sent (DeliveryFailed)."
  type = object({
    SIGN_IN_CODE        = string
    QUOTATION_SHARED    = string
    QUOTATION_ACCEPTED  = string
    QUOTATION_REJECTED  = string
    COMMISSION_APPROVED = string
    COMMISSION_PAID     = string
    KYC_APPROVED        = string
    KYC_REJECTED        = string
  })

  validation {
    condition     = alltrue([for id in values(var.msg91_template_ids) : length(trimspace(id)) > 0])
    error_message = "Every msg91_template_ids entry must be a template id, not empty."
  }
}

variable "rate_limit_per_minute" {
  description = "RATE_LIMIT_PER_MINUTE: requests per minute per client address on sign-in, password reset and upload-link endpoints."
  type        = number
  default     = 100

  validation {
    condition     = var.rate_limit_per_minute >= 1 && var.rate_limit_per_minute <= 100000
    error_message = "rate_limit_per_minute must be between 1 and 100000 (the range the application accepts)."
  }
}

variable "default_phone_region" {
  description = "DEFAULT_PHONE_REGION: ISO 3166 region used to normalise phone numbers written without a country code."
  type        = string
  default     = "IN"
}

variable "public_app_url" {
  description = "PUBLIC_APP_URL: base URL of the web app, used in links sent by email (e.g. password reset)."
  type        = string

  validation {
    condition     = can(regex("^https://", var.public_app_url))
    error_message = "public_app_url must start with https://."
  }
}

variable "customer_app_url" {
  description = "CUSTOMER_APP_URL: base URL of the customer app, used in the links customers get (a shared quotation). Defaults to public_app_url."
  type        = string
  default     = null

  validation {
    condition     = var.customer_app_url == null || can(regex("^https://", var.customer_app_url))
    error_message = "customer_app_url must start with https://."
  }
}

variable "operator_api_enabled" {
  description = "Expose the platform operator endpoint (POST /v1/organizations). When false, OPERATOR_API_KEY is not set at all and the endpoint answers 404. Turn it on only after the operator-api-key secret is set."
  type        = bool
  default     = false
}

# ---------------------------------------------------------------------------------------------------------
# Upload validation events (second apply, after the code is deployed)
# ---------------------------------------------------------------------------------------------------------

variable "upload_events_enabled" {
  description = "Create the Event Grid subscription that delivers BlobCreated events for the uploads container to the ValidateUpload function. Leave false until the code is deployed: Event Grid validates the webhook when the subscription is created, and only a running host with that function can answer."
  type        = bool
  default     = false
}

variable "upload_validation_function_name" {
  description = "Name of the blob-triggered function (Event Grid source) that validates uploads, as in @FunctionName."
  type        = string
  default     = "ValidateUpload"
}

variable "upload_events_max_delivery_attempts" {
  description = "Event Grid delivery attempts before an upload event is dead-lettered."
  type        = number
  default     = 30
}

variable "upload_events_ttl_minutes" {
  description = "How long Event Grid keeps retrying an upload event (1-1440 minutes) before dead-lettering it."
  type        = number
  default     = 1440
}

# ---------------------------------------------------------------------------------------------------------
# Malware scanning of uploads (second apply, after the code is deployed and the webhook key is set)
# ---------------------------------------------------------------------------------------------------------

variable "malware_scanning_enabled" {
  description = "Turn on Defender for Storage on-upload malware scanning of the data account and make documents wait for its verdict (MALWARE_SCANNING). Needs the Key Vault secret malware-scan-webhook-key and a deployed app, like upload_events_enabled."
  type        = bool
  default     = false
}

variable "malware_scanning_cap_gb_per_month" {
  description = "Defender's monthly scanning cap in GB for the data account (-1: no cap). Uploads past the cap are not scanned, and the app refuses them (SCAN_FAILED)."
  type        = number
  default     = 100
}
