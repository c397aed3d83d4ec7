package ledger.permit.rules;

import ledger.permit.contracts.catalog.EntitlementStatus;
import ledger.permit.contracts.catalog.ServiceCode;
import ledger.permit.rules.policy.Citation;

import java.time.LocalDate;
import java.util.List;

/**
 * A holder's standing with one service on one day, with its reasons.
 *
 * @param since      since when the status holds (ENTITLED and SUSPENDED; null when nothing has held yet)
 * @param expectedOn for {@code NOT_YET}: the earliest day it will hold if the current facts simply continue
 * @param child      for child services: the child's citizen ID
 * @param route      the route that decided (e.g. a settlement route), or the closest one
 * @param progress   how far the holder has come on that route, whatever the status
 * @param reasons    why, as data: the sentences are rendered from them ({@link #explanation})
 * @param grantedBy  for {@code ENTITLED}: the policy and route that grant it (an earlier version's, where a later one
 *                   that does not reach back leaves it standing)
 */
public record ServiceAssessment(ServiceCode code, EntitlementStatus status, LocalDate since, LocalDate expectedOn,
                                String child, String route, Progress progress, List<Citation> basis,
                                List<Reason> reasons, Grant grantedBy) {

    /** The policy version and route under which a service was granted, and a day on which that policy was in force. */
    public record Grant(String policyId, int policyVersion, String route, LocalDate inForceOn) {
    }

    /** The reasons as sentences in Chinese and in English. */
    public Explanation explanation() {
        return Explanations.render(reasons);
    }

    /** The key of the service for the holder: its code, and the child for a child service. */
    public String key() {
        return child == null ? code.name() : code.name() + "/" + child;
    }
}
