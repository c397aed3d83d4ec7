package ledger.permit.command.holder;

import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.holder.HolderEvent.PermitApplied;
import ledger.permit.contracts.holder.HolderEvent.PermitIssued;

import java.time.LocalDate;

/** What the decisions need to remember of one holder. Evolved from events only. */
record HolderState(Stage stage, LocalDate appliedOn, LocalDate issuedOn) {

    static final HolderState INITIAL = new HolderState(Stage.NONE, null, null);

    HolderState evolve(HolderEvent event) {
        return switch (event) {
            case PermitApplied e -> new HolderState(Stage.APPLIED, e.appliedOn(), null);
            case PermitIssued e -> new HolderState(Stage.ISSUED, appliedOn, e.issuedOn());
        };
    }

    enum Stage { NONE, APPLIED, ISSUED }
}
