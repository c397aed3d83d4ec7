package ledger.permit.rules;

import ledger.permit.contracts.holder.UnmetCondition;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.rules.policy.Citation;
import ledger.permit.rules.policy.Policy;
import ledger.permit.rules.policy.PolicyCatalog;
import ledger.permit.rules.policy.ResolvedPolicy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Judges an application against the policy in force where and when it is made: half a year nationally
 * and in 德宏, 30 days in 曲靖, no minimum in 临沧.
 */
public final class ApplicationRules {

    private ApplicationRules() {
    }

    /** The judgement: the policy that judged, and every unmet condition with its clause (empty: accepted). */
    public record Judgement(String policyId, List<UnmetCondition> unmet) {
        public boolean accepted() {
            return unmet.isEmpty();
        }
    }

    public static Judgement judge(PolicyCatalog catalog, RegionCode jurisdiction, LocalDate residentSince,
                                  LocalDate appliedOn) {
        Optional<ResolvedPolicy> resolved = catalog.inForce(jurisdiction, appliedOn);
        if (resolved.isEmpty()) {
            return new Judgement(null, List.of(new UnmetCondition("policyInForce", "a policy in force on "
                    + appliedOn, "none for " + jurisdiction, "《居住证暂行条例》", "第二条")));
        }
        ResolvedPolicy policy = resolved.get();
        List<UnmetCondition> unmet = new ArrayList<>();
        Policy.Application rule = policy.application();
        if (rule != null && residentSince.plus(rule.minResidence()).isAfter(appliedOn)) {
            Citation basis = rule.basis() != null ? rule.basis() : new Citation(policy.policy().title(), "application");
            unmet.add(new UnmetCondition("residenceBeforeApplication",
                    "residence of at least " + rule.minResidence() + " before applying (from " + residentSince
                            + ": not before " + residentSince.plus(rule.minResidence()) + ")",
                    "resident since " + residentSince + ", applied on " + appliedOn,
                    basis.document(), basis.clause()));
        }
        return new Judgement(policy.policy().id(), List.copyOf(unmet));
    }
}
