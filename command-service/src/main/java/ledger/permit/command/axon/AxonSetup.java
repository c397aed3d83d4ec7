package ledger.permit.command.axon;

import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.permit.contracts.wire.HolderEventCodec;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/** How Axon stores and routes the ledger's messages. */
@Configuration(proxyBeanMethods = false)
class AxonSetup {

    /**
     * The stored event format. Axon's own mapper, apart from the web's, so that no web JSON setting
     * can ever change what is written to the event store.
     */
    @Bean("defaultAxonObjectMapper")
    ObjectMapper defaultAxonObjectMapper() {
        return HolderEventCodec.newMapper();
    }

    /** The web's mapper, from Spring Boot's settings (defining Axon's above would otherwise replace it). */
    @Bean
    @Primary
    ObjectMapper webObjectMapper(Jackson2ObjectMapperBuilder builder) {
        return builder.build();
    }

    @Bean
    CommandTargetResolver holderCommandTargetResolver() {
        return new HolderCommandTargetResolver();
    }
}
