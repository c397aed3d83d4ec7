package ledger.permit.command.holder;

import ledger.permit.contracts.holder.UnmetCondition;

import java.util.List;

/** How an application was judged: accepted, or refused (and recorded as refused) for these conditions. */
record ApplicationOutcome(String holderId, String policyId, List<UnmetCondition> unmet) {

    boolean accepted() {
        return unmet.isEmpty();
    }
}
