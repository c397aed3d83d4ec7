package ledger.permit.rules.policy;

import java.util.List;

/**
 * A limit a higher document sets on what lower rules may ask, e.g. 湖南 三(二): a large city's
 * employment and insurance years may not exceed 3. Applies to the routes of {@code service} that are
 * restricted to one of {@code cityTiers}.
 */
public record Cap(String service, List<String> cityTiers, List<String> conditions, int maxMonths, Citation basis) {
}
