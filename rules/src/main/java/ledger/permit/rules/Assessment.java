package ledger.permit.rules;

import ledger.permit.contracts.values.RegionCode;
import ledger.permit.rules.clock.Continuity;

import java.time.LocalDate;
import java.util.List;

/**
 * Everything the rules say of one holder on one day: the permit's standing under Art. 10, and each
 * service with its reasons, under the policy in force that day.
 *
 * @param jurisdiction  the jurisdiction of the application that governs the day (null before any)
 * @param policyId      the policy applied (null when none was in force)
 * @param policyVersion its version
 * @param nextChange    the first day after {@code on} on which, with the facts as they are, any of this may change
 *                      (a fact's day, an anniversary, a policy taking effect, a threshold); null if none can
 */
public record Assessment(LocalDate on, RegionCode jurisdiction, String policyId, Integer policyVersion,
                         Continuity permit, List<ServiceAssessment> services, LocalDate nextChange) {
}
