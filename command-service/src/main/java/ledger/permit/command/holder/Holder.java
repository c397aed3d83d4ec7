package ledger.permit.command.holder;

import ledger.permit.contracts.holder.HolderCommand.ApplyPermit;
import ledger.permit.contracts.holder.HolderCommand.IssuePermit;
import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.holder.HolderEvent.PermitApplied;
import ledger.permit.contracts.values.HolderId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;

/** One holder's event stream. Command handlers call the pure decisions; event handlers only assign state. */
@Aggregate(commandTargetResolver = "holderCommandTargetResolver")
class Holder {

    @AggregateIdentifier
    private HolderId id;
    private HolderState state = HolderState.INITIAL;

    protected Holder() {
        // for Axon, which rebuilds the holder from its events
    }

    @CommandHandler
    Holder(ApplyPermit command, CitizenRegistry registry) {
        record(HolderDecisions.apply(command, registry.claim(command.citizenId(), command.holderId())));
    }

    @CommandHandler
    void handle(IssuePermit command) {
        record(HolderDecisions.issue(state, command));
    }

    @EventSourcingHandler
    void on(HolderEvent event) {
        if (event instanceof PermitApplied applied) {
            id = applied.holderId();
        }
        state = state.evolve(event);
    }

    private static void record(List<HolderEvent> events) {
        events.forEach(AggregateLifecycle::apply);
    }
}
