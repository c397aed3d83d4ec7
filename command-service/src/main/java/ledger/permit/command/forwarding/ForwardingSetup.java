package ledger.permit.command.forwarding;

import ledger.permit.command.LedgerProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The forwarding processor, its topic, and the replay a fresh broker needs. */
@Configuration(proxyBeanMethods = false)
class ForwardingSetup {

    private static final Logger log = LoggerFactory.getLogger(ForwardingSetup.class);

    /** Kept forever: a read-model rebuild reads it from the earliest offset. */
    @Bean
    NewTopic holderEventsTopic(LedgerProperties properties) {
        return TopicBuilder.name(properties.holderEventsTopic())
                .partitions(properties.topicPartitions())
                .replicas(properties.topicReplicas())
                .config("retention.ms", "-1")
                .build();
    }

    /** A forwarding failure must stop the processor at that event (and retry), never skip it. */
    @Bean
    ConfigurerModule propagateForwardingFailures() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerListenerInvocationErrorHandler(KafkaForwarder.PROCESSING_GROUP,
                        configuration -> PropagatingErrorHandler.instance()));
    }

    /**
     * Migrates the schema; with {@code ledger.replay-on-start} it then drops the forwarder's position
     * before any processor starts, so every stored event goes to the (new, empty) broker again.
     */
    @Bean
    FlywayMigrationStrategy migrateThenMaybeReplay(LedgerProperties properties) {
        return flyway -> {
            flyway.migrate();
            if (properties.replayOnStart()) {
                try (var connection = flyway.getConfiguration().getDataSource().getConnection();
                     var delete = connection.prepareStatement("DELETE FROM tokenentry WHERE processorname = ?")) {
                    delete.setString(1, KafkaForwarder.PROCESSING_GROUP);
                    int dropped = delete.executeUpdate();
                    log.info("Replay on start: dropped {} forwarder token(s); every stored event is forwarded again",
                            dropped);
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException("could not reset the forwarder position", e);
                }
            }
        };
    }
}
