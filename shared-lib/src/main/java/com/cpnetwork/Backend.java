package com.cpnetwork;

import com.cpnetwork.audit.AuditLog;
import com.cpnetwork.audit.AuditTrail;
import com.cpnetwork.auth.Authentication;
import com.cpnetwork.auth.ExpiredCredentials;
import com.cpnetwork.commissions.CommissionService;
import com.cpnetwork.documents.Documents;
import com.cpnetwork.leads.LeadService;
import com.cpnetwork.leads.Leads;
import com.cpnetwork.leads.ServiceCatalog;
import com.cpnetwork.notifications.NotificationDelivery;
import com.cpnetwork.notifications.NotificationSenders;
import com.cpnetwork.notifications.Notifier;
import com.cpnetwork.organizations.OperatorKey;
import com.cpnetwork.organizations.Organizations;
import com.cpnetwork.organizations.OrganizationService;
import com.cpnetwork.platform.PhoneNumbers;
import com.cpnetwork.platform.db.Database;
import com.cpnetwork.platform.health.HealthCheck;
import com.cpnetwork.platform.outbox.Outbox;
import com.cpnetwork.platform.ratelimit.RateLimiter;
import com.cpnetwork.platform.storage.Storage;
import com.cpnetwork.quotations.LeadsAcceptedQuotations;
import com.cpnetwork.reports.PipelineReport;
import com.cpnetwork.quotations.ProposalJobs;
import com.cpnetwork.quotations.ProposalRenderer;
import com.cpnetwork.quotations.QuotationService;
import com.cpnetwork.users.ActiveAccountCheck;
import com.cpnetwork.users.PasswordHasher;
import com.cpnetwork.users.PasswordPolicy;
import com.cpnetwork.users.Accounts;
import com.cpnetwork.users.UserService;
import com.cpnetwork.platform.config.SettingsSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds configuration, pool, repositories and services once, by hand, in dependency order.
 * One instance serves every invocation of a worker JVM concurrently, so everything it holds is thread-safe.
 */
public final class Backend implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Backend.class);

    private final BackendSettings settings;
    private final Database database;
    private final HealthCheck health;
    private final Outbox outbox;
    private final RateLimiter rateLimiter;
    private final UserService users;
    private final OrganizationService organizations;
    private final ServiceCatalog serviceCatalog;
    private final LeadService leads;
    private final QuotationService quotations;
    private final CommissionService commissions;
    private final AuditLog auditLog;
    private final PipelineReport pipelineReport;
    private final ProposalJobs proposalJobs;
    private final Authentication authentication;
    private final NotificationDelivery notificationDelivery;
    private final ExpiredCredentials expiredCredentials;
    private final Documents documents;

    private Backend(BackendSettings settings, Clock clock, StartupTimes times) {
        this.settings = settings;
        Accounts accounts = new Accounts();
        this.database = Database.connect(settings.database(), new ActiveAccountCheck());
        times.lap("database pool");
        Storage storage = Storage.connect(settings.storage());
        times.lap("storage clients");
        this.health = new HealthCheck(database::isReachable, storage::isReachable, Duration.ofSeconds(2), Duration.ofSeconds(1));
        this.outbox = Outbox.sendingInBackground(database, storage, clock);
        this.rateLimiter = new RateLimiter(database.dataSource(), settings.rateLimitPerMinute());
        times.lap("outbox and rate limiter");

        AuditTrail audit = new AuditTrail(clock);
        Notifier notifier = new Notifier(outbox);
        PhoneNumbers phones = new PhoneNumbers(settings.phoneRegion());
        PasswordPolicy passwordPolicy = new PasswordPolicy();
        PasswordHasher passwordHasher = new PasswordHasher();
        times.lap("phone numbers and password hashing");

        this.users = new UserService(database, accounts, phones, passwordPolicy, passwordHasher, audit, clock);
        this.serviceCatalog = new ServiceCatalog(database, clock);
        this.organizations = new OrganizationService(database, users, new OperatorKey(settings.operatorApiKey()),
                passwordPolicy, passwordHasher, serviceCatalog::addStarterTypes, audit, clock);
        Leads visibleLeads = new Leads();
        this.commissions = new CommissionService(database, accounts, notifier, audit, clock);
        this.auditLog = new AuditLog(database, storage, audit, clock);
        this.pipelineReport = new PipelineReport(database);
        this.leads = new LeadService(database, visibleLeads, accounts, users, serviceCatalog, phones, audit, new LeadsAcceptedQuotations(),
                commissions, clock);
        this.proposalJobs = new ProposalJobs(database, outbox, storage, new ProposalRenderer(Runtime.getRuntime().availableProcessors()), clock);
        this.quotations = new QuotationService(database, visibleLeads, leads, new Organizations(), accounts, proposalJobs, notifier, storage,
                audit, settings.customerAppUrl(), clock);
        this.documents = Documents.wire(database, storage, visibleLeads, accounts, audit, notifier, settings.documents(), clock);
        times.lap("services");
        this.authentication = new Authentication(settings.auth(), database, accounts, new Organizations(), phones,
                passwordPolicy, passwordHasher, notifier, audit, clock);
        times.lap("authentication");
        this.notificationDelivery = new NotificationDelivery(outbox,
                NotificationSenders.sms(settings.notifications(), settings.localOutboxDir(), clock),
                NotificationSenders.email(settings.notifications(), settings.localOutboxDir(), clock));
        this.expiredCredentials = new ExpiredCredentials(database, clock);
        times.lap("notifications");
    }

    public static Backend start(BackendSettings settings, Clock clock) {
        return new Backend(settings, clock, new StartupTimes());
    }

    /**
     * Reads the settings from {@code source} and builds the backend, logging once how long each part took (what a
     * cold start pays before its first answer).
     */
    public static Backend load(SettingsSource source, Clock clock) {
        StartupTimes times = new StartupTimes();
        BackendSettings settings = BackendSettings.load(source);
        times.lap("settings");
        Backend backend = new Backend(settings, clock, times);
        log.info("Composition root built in {} ms: {}", String.format(Locale.ROOT, "%.1f", times.totalMillis()), times.describe());
        return backend;
    }

    public BackendSettings settings() {
        return settings;
    }

    public HealthCheck health() {
        return health;
    }

    public Outbox outbox() {
        return outbox;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    public UserService users() {
        return users;
    }

    public OrganizationService organizations() {
        return organizations;
    }

    public ServiceCatalog serviceCatalog() {
        return serviceCatalog;
    }

    public LeadService leads() {
        return leads;
    }

    public QuotationService quotations() {
        return quotations;
    }

    public CommissionService commissions() {
        return commissions;
    }

    public AuditLog auditLog() {
        return auditLog;
    }

    public PipelineReport pipelineReport() {
        return pipelineReport;
    }

    public ProposalJobs proposalJobs() {
        return proposalJobs;
    }

    public Authentication authentication() {
        return authentication;
    }

    public NotificationDelivery notificationDelivery() {
        return notificationDelivery;
    }

    public ExpiredCredentials expiredCredentials() {
        return expiredCredentials;
    }

    /** Documents: upload links and metadata, the upload validator, retention. */
    public Documents documents() {
        return documents;
    }

    @Override
    public void close() {
        outbox.close();
        database.close();
    }
}
