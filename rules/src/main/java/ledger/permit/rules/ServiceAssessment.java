package ledger.permit.rules;

import ledger.permit.contracts.catalog.EntitlementStatus;
import ledger.permit.contracts.catalog.ServiceCode;
import ledger.permit.rules.policy.Citation;

import java.time.LocalDate;
import java.util.List;

/**
 * A holder's standing with one service on one day, with its reasons.
 *
 * @param since      since when the status holds (null when nothing has held yet)
 * @param expectedOn for {@code NOT_YET}: the earliest day it will hold if the current facts simply continue
 * @param child      for child services: the child's citizen ID
 * @param route      the route that decided (e.g. a settlement route), or null
 */
public record ServiceAssessment(ServiceCode code, EntitlementStatus status, LocalDate since, LocalDate expectedOn,
                                String child, String route, Progress progress, List<Citation> basis,
                                Explanation explanation) {
}
