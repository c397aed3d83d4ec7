package ledger.permit.rules.policy;

import java.util.List;

/**
 * One way to a service: all its conditions together. A service holds when any of its routes does.
 *
 * @param requiresPermit whether the route is for permit holders: null takes the service's; {@code false} where the
 *                       clause grants it on residence, employment or insurance without naming the permit (德宏 四、五),
 *                       which a lapsed or pending permit then neither suspends nor withholds
 */
public record Route(String id, Citation basis, Boolean requiresPermit, List<Condition> conditions) {

    public Route {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }
}
