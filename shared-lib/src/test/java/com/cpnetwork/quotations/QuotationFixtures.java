package com.cpnetwork.quotations;

import com.cpnetwork.leads.Lead;
import com.cpnetwork.leads.LeadChanges;
import com.cpnetwork.leads.LeadStatus;
import com.cpnetwork.leads.NewLead;
import com.cpnetwork.leads.RequestedService;
import com.cpnetwork.organizations.OrganizationChanges;
import com.cpnetwork.platform.Caller;
import com.cpnetwork.platform.Patch;
import com.cpnetwork.platform.Role;
import com.cpnetwork.testing.Fixtures;
import com.cpnetwork.testing.Rows;
import com.cpnetwork.testing.TestBackend;
import com.cpnetwork.users.NewUser;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** An organization registered in Maharashtra, with its CPs, leads, customers and quotations, made through the services. */
public final class QuotationFixtures {

    static final String GSTIN = "27AAPFU0939F1ZV";

    private final TestBackend world;

    public QuotationFixtures(TestBackend world) {
        this.world = world;
    }

    public QuotationService quotations() {
        return world.backend().quotations();
    }

    /** A new organization with its profile filled in (registered in MH); returns its admin. */
    public Caller anOrganizationInMaharashtra() {
        Caller admin = world.fixtures().anOrganization();
        world.backend().organizations().updateOrganization(admin, new OrganizationChanges(Patch.absent(), Patch.of("Sunrise Solar Pvt Ltd"),
                Patch.of(GSTIN), Patch.of("MH"), Patch.of("Plot 12, MIDC, Mumbai"), Patch.absent(), Patch.absent()));
        return admin;
    }

    /** A CP in {@code stateCode} looked after by {@code kam}. */
    public Caller aCpOf(Caller admin, Caller kam, String stateCode) {
        return Fixtures.callerOf(world.backend().users().createUser(admin,
                new NewUser(Role.CP, "Chetan CP", null, Fixtures.aPhone(), null, stateCode, kam.userId()), false));
    }

    public Caller aCp(Caller admin, String stateCode) {
        return Fixtures.callerOf(world.fixtures().aCpIn(admin, stateCode));
    }

    /** A lead the CP brings in, in {@code stateCode}, for a new customer. */
    public Lead aLeadOf(Caller cp, String stateCode) {
        return world.backend().leads().createLead(cp, new NewLead("Rajesh Kumar", Fixtures.aPhone(), "Flat 4, Pune", stateCode,
                List.of(new RequestedService("SOLAR_ROOFTOP", null)), null, null, null)).lead();
    }

    /** The customer of a lead, as a caller. */
    public static Caller customerOf(Lead lead) {
        return new Caller(lead.customerId(), orgOf(lead), Role.CUSTOMER);
    }

    private static UUID orgOf(Lead lead) {
        return Rows.one("SELECT org_id FROM leads WHERE id = ?", lead.id());
    }

    public static NewQuotation aQuotation(Lead lead, QuotationStatus status) {
        return new NewQuotation(lead.id(), new BigDecimal("165000"), new BigDecimal("12.5"), lines(), null, status);
    }

    public static List<LineItem> lines() {
        return List.of(new LineItem("Solar module 540 Wp", new BigDecimal("10"), new BigDecimal("12000"), "85414011", 5),
                new LineItem("Inverter 5 kW", BigDecimal.ONE, new BigDecimal("45000"), "85044090", 18));
    }

    public Quotation aFinalQuotation(Caller cp, Lead lead) {
        return quotations().createQuotation(cp, aQuotation(lead, QuotationStatus.FINAL));
    }

    public Quotation aSharedQuotation(Caller cp, Lead lead) {
        return quotations().shareQuotation(cp, aFinalQuotation(cp, lead).id());
    }

    public static QuotationChanges changes(BigDecimal systemPrice, boolean override, String reason) {
        return new QuotationChanges(systemPrice, null, null, null, null, override, reason);
    }

    public static QuotationChanges finalizing() {
        return new QuotationChanges(null, null, null, null, QuotationStatus.FINAL, false, null);
    }

    public static AcceptanceContext from() {
        return new AcceptanceContext("203.0.113.7", "CustomerApp/2.3 (Android 14)");
    }

    /** A lead of {@code cp} whose customer accepted a quotation, moved on to WON: one step from execution. */
    public Lead aWonLeadWithAcceptedQuotation(Caller cp) {
        Lead lead = aLeadOf(cp, "MH");
        Quotation shared = aSharedQuotation(cp, lead);
        quotations().acceptQuotation(customerOf(lead), shared.id(), false, null, from());
        moveLead(cp, lead, LeadStatus.WON, false);
        return world.backend().leads().getLead(cp, lead.id());
    }

    public void moveLead(Caller by, Lead lead, LeadStatus to, boolean override) {
        world.backend().leads().changeLead(by, lead.id(), new LeadChanges(Optional.of(to), Patch.absent(), Patch.absent(), override,
                override ? "test" : null, to == LeadStatus.LOST ? "lost" : null));
    }

    public static LocalDate today() {
        return LocalDate.now(java.time.ZoneOffset.UTC);
    }
}
