package ledger.permit.rules;

import ledger.permit.contracts.holder.UnmetCondition;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.rules.policy.Citation;
import ledger.permit.rules.policy.Policy;
import ledger.permit.rules.policy.PolicyCatalog;
import ledger.permit.rules.policy.ResolvedPolicy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Judges an application against the policy in force where and when it is made: half a year nationally
 * and in 德宏, 30 days in 曲靖, no minimum in 临沧; away from the place of hukou as each draws it.
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
        return judge(catalog, jurisdiction, residentSince, appliedOn, null);
    }

    /**
     * @param hukou where the applicant's hukou is registered, when a record attests it; null when only the citizen
     *              ID's region is known, which is no proof of the hukou today and refuses nothing
     */
    public static Judgement judge(PolicyCatalog catalog, RegionCode jurisdiction, LocalDate residentSince,
                                  LocalDate appliedOn, RegionCode hukou) {
        Optional<ResolvedPolicy> resolved = catalog.inForce(jurisdiction, appliedOn);
        if (resolved.isEmpty()) {
            Citation first = firstApplicationRule(catalog, jurisdiction);
            return new Judgement(null, List.of(new UnmetCondition("policyInForce", "a policy in force on "
                    + appliedOn, "none for " + jurisdiction, first == null ? null : first.document(),
                    first == null ? null : first.clause())));
        }
        ResolvedPolicy policy = resolved.get();
        List<UnmetCondition> unmet = new ArrayList<>();
        Policy.Application rule = policy.application();
        if (rule != null && residentSince.plus(rule.minResidence()).isAfter(appliedOn)) {
            unmet.add(new UnmetCondition("residenceBeforeApplication",
                    "residence of at least " + rule.minResidence() + " before applying (from " + residentSince
                            + ": not before " + residentSince.plus(rule.minResidence()) + ")",
                    "resident since " + residentSince + ", applied on " + appliedOn,
                    rule.basis().document(), rule.basis().clause()));
        }
        Policy.AwayFromHukou away = rule == null ? null : rule.awayFromHukou();
        if (away != null && hukou != null
                && Areas.contains(away.area(), jurisdiction, hukou, policy.centralCity())) {
            Citation basis = away.basis() != null ? away.basis() : rule.basis();
            unmet.add(new UnmetCondition("awayFromHukou",
                    "hukou outside the " + away.area().name().toLowerCase() + " of " + jurisdiction.label(),
                    "hukou registered in " + hukou.label(), basis.document(), basis.clause()));
        }
        return new Judgement(policy.policy().id(), List.copyOf(unmet));
    }

    /** The application rule of the first policy that ever governs the jurisdiction, for a day before any did. */
    private static Citation firstApplicationRule(PolicyCatalog catalog, RegionCode jurisdiction) {
        return catalog.policies().stream()
                .filter(p -> p.regions().contains(PolicyCatalog.NATIONAL)
                        || p.regions().stream().anyMatch(r -> Conditions.within(jurisdiction.value(), r)))
                .min(Comparator.comparing(Policy::effectiveFrom))
                .map(p -> catalog.resolve(p, jurisdiction, p.effectiveFrom()).application())
                .map(Policy.Application::basis).orElse(null);
    }
}
