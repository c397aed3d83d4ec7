package ledger.permit.rules.policy;

import ledger.permit.contracts.catalog.ServiceCode;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules in force for one jurisdiction on one day: the most specific policy, completed by its
 * parents for whatever it does not set.
 *
 * @param chain    the policy and its parents, most specific first
 * @param cityTier the jurisdiction's city-size tier where a policy sets tiers, else null
 */
public record ResolvedPolicy(Policy policy, List<Policy> chain, Policy.Application application,
                             Policy.Endorsement endorsement, Map<ServiceCode, ServiceRule> services,
                             PointsScheme points, String cityTier) {

    public Optional<ServiceRule> service(ServiceCode code) {
        return Optional.ofNullable(services.get(code));
    }
}
