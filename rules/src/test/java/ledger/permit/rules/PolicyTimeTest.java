package ledger.permit.rules;

import ledger.permit.contracts.catalog.EntitlementStatus;
import ledger.permit.contracts.catalog.ServiceCode;
import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.holder.HolderEvent.PermitApplied;
import ledger.permit.contracts.holder.HolderEvent.PermitEndorsed;
import ledger.permit.contracts.holder.HolderEvent.PermitIssued;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.values.PermitBasis;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.rules.clock.Continuity;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.rules.policy.Policy;
import ledger.permit.rules.policy.PolicyCatalog;
import ledger.permit.rules.policy.PolicyFiles;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each rule only in its own time: a later version of a policy (a new grace period, a new threshold) does not rewrite
 * what an earlier one decided, unless it declares itself retroactive and cites why. Two versions of a test policy for
 * 玉溪市 (530400), which no bundled policy governs.
 */
class PolicyTimeTest {

    private static final HolderId HOLDER = new HolderId(UUID.fromString("6f1c2a8e-4b7d-4e0a-9c55-0d2b7f3e9a11"));
    private static final RegionCode YUXI = RegionCode.of("530402");

    private static String version(int version, String from, String to, int graceDays, int months, String extra) {
        return """
                id: yx-test
                version: %d
                title: 玉溪测试方案 v%d
                sources:
                  - {document: 玉溪测试文件, title: test, issued: 2016-01-01, seed: null}
                regions: ["530400"]
                effectiveFrom: %s
                effectiveTo: %s
                parent: cn-national
                %s
                endorsement:
                  window: P1M
                  basis: {document: 《居住证暂行条例》, clause: 第十条}
                  graceDays: %d
                  graceLocalChoice: test
                services:
                  SOCIAL_ASSISTANCE:
                    basis: {document: 玉溪测试文件, clause: 一}
                    requiresPermit: true
                    routes:
                      - id: residence
                        conditions:
                          - {type: residence, months: %d, localChoice: test}
                """.formatted(version, version, from, to, extra, graceDays, months);
    }

    private static PolicyCatalog catalog(boolean retroactive) {
        List<Policy> policies = new ArrayList<>(PolicyFiles.bundled());
        policies.add(PolicyFiles.parse("v1", version(1, "2016-01-01", "2020-01-01", 0, 12, "")));
        policies.add(PolicyFiles.parse("v2", version(2, "2020-01-01", "null", 30, 36, retroactive
                ? "retroactive: {basis: {document: 玉溪测试文件, clause: 二}, reason: 明文溯及既往}" : "")));
        return PolicyCatalog.of(policies, Map.of());
    }

    private static HolderFacts facts(String residentSince, String issuedOn, String... endorsements) {
        List<HolderEvent> events = new ArrayList<>();
        events.add(new PermitApplied(HOLDER, CitizenId.withCheckCharacter("53040219850612123"), YUXI,
                LocalDate.parse(residentSince), PermitBasis.EMPLOYMENT, LocalDate.parse(issuedOn).minusDays(10)));
        events.add(new PermitIssued(HOLDER, LocalDate.parse(issuedOn)));
        for (String endorsed : endorsements) {
            events.add(new PermitEndorsed(HOLDER, LocalDate.parse(endorsed)));
        }
        return HolderFacts.none().applyAll(events);
    }

    @Test
    void an_anniversary_is_judged_by_the_grace_period_in_force_on_it_not_by_a_later_longer_one() {
        // 2019-03-01 endorsed nine days late under v1 (no grace); 2020-03-10 endorsed fifteen days late under v2 (30)
        HolderFacts facts = facts("2017-01-01", "2018-03-01", "2019-03-10", "2020-03-25");
        Continuity clock = EntitlementRules.assess(facts, catalog(false), LocalDate.of(2020, 6, 1)).permit();

        assertThat(clock.state()).isEqualTo(Continuity.PermitState.VALID);
        assertThat(clock.lapses()).extracting(Continuity.Lapse::anniversary, Continuity.Lapse::restoredOn)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(LocalDate.of(2019, 3, 1),
                        LocalDate.of(2019, 3, 10)));
        assertThat(clock.runStart()).as("continuity restarted by v1's lapse, and not by v2's grace")
                .isEqualTo(LocalDate.of(2019, 3, 10));
        assertThat(clock.nextSuspension()).as("v2's grace for the anniversary to come")
                .isEqualTo(LocalDate.of(2021, 3, 10).plusDays(30));
    }

    @Test
    void a_threshold_raised_by_a_later_version_does_not_take_back_what_the_earlier_one_granted() {
        HolderFacts facts = facts("2018-01-01", "2018-06-01", "2019-05-20", "2020-05-20");
        LocalDate before = LocalDate.of(2019, 12, 31);
        LocalDate after = LocalDate.of(2020, 1, 1);

        ServiceAssessment held = social(EntitlementRules.assess(facts, catalog(false), before));
        assertThat(held.status()).isEqualTo(EntitlementStatus.ENTITLED);
        assertThat(held.since()).isEqualTo(LocalDate.of(2019, 1, 1));

        ServiceAssessment kept = social(EntitlementRules.assess(facts, catalog(false), after));
        assertThat(kept.status()).as("24 months of the 36 v2 asks, granted under v1").isEqualTo(EntitlementStatus.ENTITLED);
        assertThat(kept.since()).isEqualTo(LocalDate.of(2019, 1, 1));
        assertThat(kept.grantedBy().policyVersion()).isEqualTo(1);
        assertThat(String.join(" ", kept.explanation().en())).contains("does not reach back");

        ServiceAssessment taken = social(EntitlementRules.assess(facts, catalog(true), after));
        assertThat(taken.status()).as("v2 declares itself retroactive").isEqualTo(EntitlementStatus.NOT_YET);
    }

    @Test
    void a_holder_who_had_not_reached_the_earlier_threshold_is_judged_by_the_later_one() {
        HolderFacts facts = facts("2019-06-01", "2019-07-01", "2020-06-20");
        ServiceAssessment social = social(EntitlementRules.assess(facts, catalog(false), LocalDate.of(2020, 7, 1)));
        assertThat(social.status()).isEqualTo(EntitlementStatus.NOT_YET);
        assertThat(social.progress().requiredResidenceMonths()).isEqualTo(36);
    }

    private static ServiceAssessment social(Assessment assessment) {
        return assessment.services().stream().filter(s -> s.code() == ServiceCode.SOCIAL_ASSISTANCE).findFirst()
                .orElseThrow();
    }
}
