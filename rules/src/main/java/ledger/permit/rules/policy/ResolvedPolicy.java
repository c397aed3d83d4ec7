package ledger.permit.rules.policy;

import ledger.permit.contracts.catalog.ServiceCode;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules in force for one jurisdiction on one day: the most specific policy, completed by its
 * parents for whatever it does not set.
 *
 * @param chain       the policy and its parents, most specific first
 * @param cityTier    the jurisdiction's city size class where a policy sets classes and they apply to its kind of
 *                    region, else null
 * @param citySized   whether the jurisdiction's kind of region has a city size class under the policy (a city's
 *                    urban district does; a county does not), recorded or not
 * @param centralCity the districts of the 市中心城区, from the first policy of the chain that names them
 */
public record ResolvedPolicy(Policy policy, List<Policy> chain, Policy.Application application,
                             Policy.Endorsement endorsement, Map<ServiceCode, ServiceRule> services,
                             PointsScheme points, CitySize cityTier, boolean citySized, Definitions definitions,
                             List<String> centralCity) {

    public Optional<ServiceRule> service(ServiceCode code) {
        return Optional.ofNullable(services.get(code));
    }
}
