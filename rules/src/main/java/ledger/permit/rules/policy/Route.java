package ledger.permit.rules.policy;

import java.util.List;

/** One way to a service: all its conditions together. A service holds when any of its routes does. */
public record Route(String id, Citation basis, List<Condition> conditions) {

    public Route {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }
}
