package ledger.permit.command.axon;

import ledger.permit.contracts.holder.HolderCommand;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.IdentifierMissingException;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/** Commands name their holder by an accessor, so the contracts need no Axon annotation. */
public final class HolderCommandTargetResolver implements CommandTargetResolver {

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        if (command.getPayload() instanceof HolderCommand holderCommand) {
            return new VersionedAggregateIdentifier(holderCommand.holderId().toString(), null);
        }
        throw new IdentifierMissingException(command.getPayloadType().getName() + " names no holder");
    }
}
