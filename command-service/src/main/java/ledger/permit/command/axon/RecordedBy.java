package ledger.permit.command.axon;

import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Copies who recorded a command (actor, agency) onto every event it produces, for the audit trail. */
@Configuration(proxyBeanMethods = false)
class RecordedBy {

    @Bean
    CorrelationDataProvider actorAndAgency() {
        return new SimpleCorrelationDataProvider("actor", "agency");
    }
}
