package ledger.permit.command.holder;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.AggregateFactory;
import org.springframework.stereotype.Component;

/**
 * How a {@link Holder} is made before its events are applied: by its constructor. Without this bean Axon's Spring
 * support makes each holder as a Spring prototype bean, through every bean post-processor of the context, on every
 * command that loads one; a holder has nothing for Spring to inject (its handlers' parameters are resolved by Axon).
 * Axon takes the bean by its name: the aggregate's, followed by {@code AggregateFactory}.
 * <p>
 * Not Axon's {@code GenericAggregateFactory}: that one inspects the holder's handlers again with the parameter
 * resolvers found on the class path alone, which cannot resolve the Spring beans the handlers take.
 */
@Component("holderAggregateFactory")
class HolderFactory implements AggregateFactory<Holder> {

    @Override
    public Holder createAggregateRoot(String aggregateIdentifier, DomainEventMessage<?> firstEvent) {
        if (firstEvent != null && Holder.class.isAssignableFrom(firstEvent.getPayloadType())) {
            // a snapshot carries the holder itself
            return (Holder) firstEvent.getPayload();
        }
        return new Holder();
    }

    @Override
    public Class<Holder> getAggregateType() {
        return Holder.class;
    }
}
