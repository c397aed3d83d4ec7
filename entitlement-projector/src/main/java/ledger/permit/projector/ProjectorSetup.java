package ledger.permit.projector;

import ledger.permit.contracts.wire.MalformedMessageException;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Failure handling: a transient failure (the database away) is retried with back-off for as long as
 * it lasts, holding the partition so that nothing overtakes; an event that can never be applied
 * (malformed, or out of order) goes to the dead-letter topic with the reason, and is logged.
 */
@Configuration(proxyBeanMethods = false)
class ProjectorSetup {

    @Bean
    CommonErrorHandler projectorErrorHandler(KafkaTemplate<String, String> kafka, ProjectorProperties properties) {
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(kafka,
                (record, exception) -> new TopicPartition(properties.deadLetterTopic(), -1));
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff);
        handler.addNotRetryableExceptions(MalformedMessageException.class, SequenceGapException.class);
        return handler;
    }
}
