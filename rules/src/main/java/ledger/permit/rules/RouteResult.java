package ledger.permit.rules;

import ledger.permit.rules.policy.Citation;

import java.time.LocalDate;
import java.util.List;

/**
 * One route judged on one day.
 *
 * @param since      when all its conditions have held since (met routes only)
 * @param expectedOn when it will be met if the current facts continue; null if never by continuing
 * @param nextChange the first day after the one judged on which time alone may change a condition's verdict
 * @param unmet      how many of its conditions are not met
 * @param metCount   how many are
 * @param elsewhere  whether a condition on the place (the jurisdiction, its city's size, the hukou) is not met: the
 *                   route is for other people, however close its other conditions are
 */
record RouteResult(String route, boolean met, LocalDate since, LocalDate expectedOn, LocalDate nextChange,
                   Progress progress, List<Citation> basis, List<Reason> reasons, int unmet, int metCount,
                   boolean elsewhere) {

    /**
     * The route to show a holder who has none yet: one for their place, soonest met, fewest conditions missing, most
     * already met.
     */
    static final java.util.Comparator<RouteResult> CLOSEST = java.util.Comparator
            .comparing(RouteResult::elsewhere)
            .thenComparing(RouteResult::expectedOn, java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()))
            .thenComparingInt(RouteResult::unmet)
            .thenComparing(java.util.Comparator.comparingInt(RouteResult::metCount).reversed());
}
