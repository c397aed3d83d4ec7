package ledger.permit.command.holder;

import ledger.permit.command.holder.HolderRefusal.CitizenAlreadyHolding;
import ledger.permit.command.holder.HolderRefusal.InconsistentDate;
import ledger.permit.command.holder.HolderRefusal.WrongPermitStage;
import ledger.permit.contracts.holder.HolderCommand.ApplyPermit;
import ledger.permit.contracts.holder.HolderCommand.IssuePermit;
import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.holder.HolderEvent.PermitApplied;
import ledger.permit.contracts.holder.HolderEvent.PermitIssued;
import ledger.permit.contracts.values.HolderId;

import java.util.List;
import java.util.Optional;

/** The decisions: pure functions of state and command that return the events to record or throw a refusal. */
final class HolderDecisions {

    private HolderDecisions() {
    }

    static List<HolderEvent> apply(ApplyPermit command, Optional<HolderId> alreadyHolding) {
        if (alreadyHolding.isPresent()) {
            throw new CitizenAlreadyHolding(alreadyHolding.get());
        }
        if (command.residentSince().isAfter(command.appliedOn())) {
            throw new InconsistentDate("residentSince", "is " + command.residentSince()
                    + ", after the application date " + command.appliedOn());
        }
        return List.of(new PermitApplied(command.holderId(), command.citizenId(), command.jurisdiction(),
                command.residentSince(), command.basis(), command.appliedOn()));
    }

    static List<HolderEvent> issue(HolderState state, IssuePermit command) {
        if (state.stage() != HolderState.Stage.APPLIED) {
            throw new WrongPermitStage("the permit cannot be issued: it is " + state.stage().name().toLowerCase()
                    + (state.issuedOn() != null ? " since " + state.issuedOn() : ""));
        }
        if (command.issuedOn().isBefore(state.appliedOn())) {
            throw HolderRefusal.issuedBeforeApplication(state.appliedOn(), command.issuedOn());
        }
        return List.of(new PermitIssued(command.holderId(), command.issuedOn()));
    }
}
