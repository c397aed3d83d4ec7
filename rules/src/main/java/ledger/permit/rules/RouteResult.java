package ledger.permit.rules;

import ledger.permit.rules.policy.Citation;

import java.time.LocalDate;
import java.util.List;

/**
 * One route judged on one day.
 *
 * @param since      when all its conditions have held since (met routes only)
 * @param expectedOn when it will be met if the current facts continue; null if never by continuing
 */
record RouteResult(String route, boolean met, LocalDate since, LocalDate expectedOn, Progress progress,
                   List<Citation> basis, List<String> zh, List<String> en) {
}
