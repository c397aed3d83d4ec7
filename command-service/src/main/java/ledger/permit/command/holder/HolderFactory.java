package ledger.permit.command.holder;

import org.axonframework.eventsourcing.AggregateFactory;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How a {@link Holder} is made before its events are applied: by its constructor. Without this bean Axon's Spring
 * support makes each holder as a Spring prototype bean, through every bean post-processor of the context, on every
 * command that loads one; a holder has nothing for Spring to inject (its handlers' parameters are resolved by Axon).
 * Axon takes the bean by its name: the aggregate's, followed by {@code AggregateFactory}.
 */
@Configuration(proxyBeanMethods = false)
class HolderFactory {

    @Bean
    AggregateFactory<Holder> holderAggregateFactory() {
        return new GenericAggregateFactory<>(Holder.class);
    }
}
