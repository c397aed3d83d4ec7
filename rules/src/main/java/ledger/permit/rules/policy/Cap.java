package ledger.permit.rules.policy;

import java.util.List;

/**
 * A limit a higher document sets on what lower rules may ask, e.g. 湖南 三（二）: a large city's employment and
 * insurance years may not exceed 3; 《居住证暂行条例》 Art. 16: a mid-size city's insurance years may not exceed 3, a
 * large city's 5. Applies to every route of {@code service} in a policy below the one that sets it, however deep,
 * that can reach a jurisdiction of one of {@code cityTiers}: a route restricted to other tiers or kinds of place is
 * outside it, any other is inside.
 *
 * @param conditions which asks the cap limits: {@code insurance} (insurance months), {@code employment} (the months
 *                   stable employment must have been held), {@code residence} (months of continuous residence)
 */
public record Cap(String service, List<CitySize> cityTiers, List<String> conditions, int maxMonths, Citation basis) {

    public Cap {
        cityTiers = cityTiers == null ? List.of() : List.copyOf(cityTiers);
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }
}
