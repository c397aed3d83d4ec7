package ledger.permit.rules;

import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.rules.policy.PolicyCatalog;

import java.time.LocalDate;

/**
 * Derives a holder's entitlements on a day from the facts and the policy in force that day.
 * Pure: no clock, no I/O. The projector, the query service and the command service all call this, and the timeline
 * ({@link Timeline}) is made of its answers.
 */
public final class EntitlementRules {

    private EntitlementRules() {
    }

    public static Assessment assess(HolderFacts facts, PolicyCatalog catalog, LocalDate on) {
        return new Judge(facts, catalog).assess(on);
    }
}
