package ledger.permit.rules.policy;

import ledger.permit.contracts.catalog.ServiceCode;

import java.util.List;

/**
 * How a policy opens one service. Day-one services hold while the permit is valid and not suspended
 * (Art. 12); gradual ones when one of the routes is met (Art. 13).
 *
 * @param requiresPermit whether the clause that grants the service names the permit (《居住证》持有人享有…): then Art. 10
 *                       suspends it with the permit. A policy must say so for every service: no default is assumed
 */
public record ServiceRule(ServiceCode code, boolean dayOne, Citation basis, Boolean requiresPermit,
                          List<Route> routes) {

    public ServiceRule {
        routes = routes == null ? List.of() : List.copyOf(routes);
    }

    /** Whether this route needs a valid permit: its own word, or the service's. */
    public boolean permitRequired(Route route) {
        return route.requiresPermit() != null ? route.requiresPermit() : !Boolean.FALSE.equals(requiresPermit);
    }
}
