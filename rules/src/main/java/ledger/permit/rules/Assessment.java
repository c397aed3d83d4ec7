package ledger.permit.rules;

import ledger.permit.rules.clock.Continuity;

import java.time.LocalDate;
import java.util.List;

/**
 * Everything the rules say of one holder on one day: the permit's standing under Art. 10, and each
 * service with its reasons, under the policy in force that day.
 *
 * @param policyId      the policy applied (null when none was in force)
 * @param policyVersion its version
 */
public record Assessment(LocalDate on, String policyId, Integer policyVersion, Continuity permit,
                         List<ServiceAssessment> services) {
}
