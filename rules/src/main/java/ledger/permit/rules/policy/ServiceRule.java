package ledger.permit.rules.policy;

import ledger.permit.contracts.catalog.ServiceCode;

import java.util.List;

/**
 * How a policy opens one service. Day-one services hold while the permit is valid and not suspended
 * (Art. 12); gradual ones when one of the routes is met (Art. 13).
 */
public record ServiceRule(ServiceCode code, boolean dayOne, Citation basis, List<Route> routes) {

    public ServiceRule {
        routes = routes == null ? List.of() : List.copyOf(routes);
    }
}
