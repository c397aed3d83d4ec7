package ledger.permit.command.holder;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import ledger.permit.contracts.holder.HolderCommand.ApplyPermit;
import ledger.permit.contracts.holder.HolderCommand.CancelPermit;
import ledger.permit.contracts.holder.HolderCommand.EndorsePermit;
import ledger.permit.contracts.holder.HolderCommand.IssuePermit;
import ledger.permit.contracts.holder.HolderCommand.MoveResidence;
import ledger.permit.contracts.holder.HolderCommand.RecordChildSchoolYear;
import ledger.permit.contracts.holder.HolderCommand.RecordContinuousResidence;
import ledger.permit.contracts.holder.HolderCommand.RecordQualification;
import ledger.permit.contracts.holder.HolderCommand.RecordChildSchoolingCompleted;
import ledger.permit.contracts.holder.HolderCommand.RecordHukou;
import ledger.permit.contracts.holder.HolderCommand.RecordSocialInsuranceMonth;
import ledger.permit.contracts.holder.HolderCommand.RejectPermit;
import ledger.permit.contracts.holder.HolderCommand.RetractSocialInsuranceMonth;
import ledger.permit.contracts.holder.HolderCommand.SettleHukou;
import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.holder.HolderEvent.PermitApplicationRefused;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.rules.policy.PolicyCatalog;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;

/**
 * One holder's event stream. Command handlers call the pure decisions; the event handler only folds the
 * event into the facts, with the same fold the rules use. Handlers return how many events they recorded.
 * <p>
 * A long stream is loaded from its latest snapshot, the holder itself as its fields are written in JSON, and the
 * events after it ({@code ledger.snapshots.every-events}, {@link HolderSnapshots}). The snapshot's revision,
 * {@link #SNAPSHOT_REVISION}, must change whenever the facts' fold or their fields change: a snapshot of another
 * revision is not used, and the holder is folded from its whole stream again.
 */
@Aggregate(commandTargetResolver = "holderCommandTargetResolver", snapshotTriggerDefinition = "holderSnapshotTrigger")
@Revision(Holder.SNAPSHOT_REVISION)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
class Holder {

    /** The revision of the holder's snapshots: of the facts' fold and fields. */
    static final String SNAPSHOT_REVISION = "2";

    @AggregateIdentifier
    private HolderId id;
    private HolderFacts facts = HolderFacts.none();

    protected Holder() {
        // for Axon, which rebuilds the holder from its events
    }

    /** The holder as its events fold it: what a snapshot carries. */
    Holder(HolderId id, HolderFacts facts) {
        this.id = id;
        this.facts = facts;
    }

    HolderFacts facts() {
        return facts;
    }

    /** Opens the stream with the first application, or adds a new application after a closed one. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    ApplicationOutcome handle(ApplyPermit command, CitizenRegistry registry, PolicyCatalog policies) {
        HolderId bound = registry.bind(command.citizenId(), command.holderId());
        List<HolderEvent> events = HolderDecisions.apply(facts, command, bound, policies);
        record(events);
        return switch (events.getFirst()) {
            case PermitApplicationRefused refused -> new ApplicationOutcome(command.holderId().toString(),
                    refused.policyId(), refused.unmet());
            default -> new ApplicationOutcome(command.holderId().toString(), null, List.of());
        };
    }

    @CommandHandler
    int handle(IssuePermit command) {
        return record(HolderDecisions.issue(facts, command));
    }

    @CommandHandler
    int handle(RejectPermit command) {
        return record(HolderDecisions.reject(facts, command));
    }

    @CommandHandler
    int handle(EndorsePermit command, PolicyCatalog policies) {
        return record(HolderDecisions.endorse(facts, command, policies));
    }

    @CommandHandler
    int handle(RecordContinuousResidence command) {
        return record(HolderDecisions.recordResidence(facts, command));
    }

    @CommandHandler
    int handle(RecordSocialInsuranceMonth command) {
        return record(HolderDecisions.recordInsurance(facts, command));
    }

    @CommandHandler
    int handle(RetractSocialInsuranceMonth command) {
        return record(HolderDecisions.retractInsurance(facts, command));
    }

    @CommandHandler
    int handle(RecordChildSchoolYear command) {
        return record(HolderDecisions.recordSchoolYear(facts, command));
    }

    @CommandHandler
    int handle(RecordQualification command) {
        return record(HolderDecisions.recordQualification(facts, command));
    }

    @CommandHandler
    int handle(RecordChildSchoolingCompleted command) {
        return record(HolderDecisions.recordSchoolingCompleted(facts, command));
    }

    @CommandHandler
    int handle(RecordHukou command) {
        return record(HolderDecisions.recordHukou(facts, command));
    }

    @CommandHandler
    int handle(MoveResidence command) {
        return record(HolderDecisions.move(facts, command));
    }

    @CommandHandler
    int handle(SettleHukou command) {
        return record(HolderDecisions.settle(facts, command));
    }

    @CommandHandler
    int handle(CancelPermit command) {
        return record(HolderDecisions.cancel(facts, command));
    }

    @EventSourcingHandler
    void on(HolderEvent event) {
        id = event.holderId();
        facts = facts.apply(event);
    }

    private static int record(List<HolderEvent> events) {
        events.forEach(AggregateLifecycle::apply);
        return events.size();
    }
}
