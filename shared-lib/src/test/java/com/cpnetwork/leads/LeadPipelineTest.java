package com.cpnetwork.leads;

import static com.cpnetwork.leads.LeadStatus.CUSTOMER_ACCEPTED;
import static com.cpnetwork.leads.LeadStatus.EXECUTED;
import static com.cpnetwork.leads.LeadStatus.IN_DISCUSSION;
import static com.cpnetwork.leads.LeadStatus.LOST;
import static com.cpnetwork.leads.LeadStatus.NEW;
import static com.cpnetwork.leads.LeadStatus.PHYSICAL_MEETING;
import static com.cpnetwork.leads.LeadStatus.WON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.cpnetwork.platform.Role;
import com.cpnetwork.platform.errors.Conflict;
import com.cpnetwork.platform.errors.Forbidden;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every move between two statuses, with and without an override, by every role. */
class LeadPipelineTest {

    /** The moves that need nothing more, written out by hand rather than derived from the code under test. */
    private static final Map<LeadStatus, Set<LeadStatus>> PLAIN = Map.of(
            NEW, EnumSet.of(IN_DISCUSSION, LOST),
            IN_DISCUSSION, EnumSet.of(PHYSICAL_MEETING, LOST),
            PHYSICAL_MEETING, EnumSet.of(CUSTOMER_ACCEPTED, LOST),
            CUSTOMER_ACCEPTED, EnumSet.of(WON, LOST),
            WON, EnumSet.of(EXECUTED, LOST),
            EXECUTED, EnumSet.noneOf(LeadStatus.class),
            LOST, EnumSet.noneOf(LeadStatus.class));

    private static final Set<LeadStatus> CLOSED = EnumSet.of(EXECUTED, LOST);

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (LeadStatus from : LeadStatus.values()) {
            for (LeadStatus to : LeadStatus.values()) {
                pairs.add(Arguments.of(from, to));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void onlyTheNextStepOrLostFromAnOpenStatusIsAPlainMove(LeadStatus from, LeadStatus to) {
        assertThat(LeadPipeline.isPlainMove(from, to)).isEqualTo(PLAIN.get(from).contains(to));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void withoutAnOverrideEveryRoleGetsTheSameAnswer(LeadStatus from, LeadStatus to) {
        for (Role role : Role.values()) {
            Throwable refusal = catchThrowable(() -> LeadPipeline.checkChange(from, to, false, role));

            if (CLOSED.contains(from)) {
                assertThat(refusal).as("%s by %s", from + " -> " + to, role)
                        .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.code()).isEqualTo("LEAD_LOCKED"));
            } else if (from == to || PLAIN.get(from).contains(to)) {
                assertThat(refusal).as("%s by %s", from + " -> " + to, role).isNull();
            } else {
                assertThat(refusal).as("%s by %s", from + " -> " + to, role)
                        .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.code()).isEqualTo("TRANSITION_NOT_ALLOWED"));
            }
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void kamsAndAdminsMayOverrideAnyMove(LeadStatus from, LeadStatus to) {
        for (Role role : List.of(Role.KAM, Role.ADMIN)) {
            assertThatCode(() -> LeadPipeline.checkChange(from, to, true, role)).as("%s -> %s by %s", from, to, role)
                    .doesNotThrowAnyException();
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void cpsAndCustomersMayNotOverrideEvenAPlainMove(LeadStatus from, LeadStatus to) {
        for (Role role : List.of(Role.CP, Role.CUSTOMER)) {
            assertThat(catchThrowable(() -> LeadPipeline.checkChange(from, to, true, role))).as("%s -> %s by %s", from, to, role)
                    .isInstanceOf(Forbidden.class);
        }
    }

    @Test
    void backwardMoveWithoutOverrideIsRefused() {
        assertThat(catchThrowable(() -> LeadPipeline.checkChange(WON, IN_DISCUSSION, false, Role.ADMIN)))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.code()).isEqualTo("TRANSITION_NOT_ALLOWED"));
    }

    @Test
    void skippingAStepWithoutOverrideIsRefused() {
        assertThat(catchThrowable(() -> LeadPipeline.checkChange(NEW, PHYSICAL_MEETING, false, Role.KAM)))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.code()).isEqualTo("TRANSITION_NOT_ALLOWED"));
    }

    @ParameterizedTest
    @EnumSource(value = LeadStatus.class, names = {"EXECUTED", "LOST"})
    void aClosedLeadIsLockedEvenForAnEditThatKeepsItsStatus(LeadStatus closed) {
        assertThat(catchThrowable(() -> LeadPipeline.checkChange(closed, closed, false, Role.ADMIN)))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.code()).isEqualTo("LEAD_LOCKED"));
    }

    @ParameterizedTest
    @EnumSource(value = LeadStatus.class, names = {"EXECUTED", "LOST"}, mode = EnumSource.Mode.EXCLUDE)
    void anOpenLeadMayBeEditedWithoutMoving(LeadStatus open) {
        assertThatCode(() -> LeadPipeline.checkChange(open, open, false, Role.CP)).doesNotThrowAnyException();
    }
}
