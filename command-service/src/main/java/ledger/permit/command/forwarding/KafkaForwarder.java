package ledger.permit.command.forwarding;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import ledger.permit.command.LedgerProperties;
import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.wire.HolderEventCodec;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Forwards every stored holder event to the internal topic, keyed by holder so that one holder's
 * events stay in order on one partition. The handler returns only once the broker acknowledged the
 * record; a failure propagates, so the processor keeps its token, backs off and tries again.
 */
@Component
@ProcessingGroup(KafkaForwarder.PROCESSING_GROUP)
class KafkaForwarder {

    static final String PROCESSING_GROUP = "kafka-forwarder";

    private final KafkaTemplate<String, String> kafka;
    private final String topic;
    private final Counter forwarded;

    KafkaForwarder(KafkaTemplate<String, String> kafka, LedgerProperties properties, MeterRegistry meters) {
        this.kafka = kafka;
        this.topic = properties.holderEventsTopic();
        this.forwarded = Counter.builder("ledger.forwarder.events")
                .description("holder events acknowledged by the broker").register(meters);
    }

    @EventHandler
    void on(HolderEvent event, DomainEventMessage<?> message) throws InterruptedException {
        String json = HolderEventCodec.write(HolderEventCodec.envelope(message.getIdentifier(),
                message.getSequenceNumber(), message.getTimestamp(), event));
        try {
            kafka.send(topic, event.holderId().toString(), json).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ForwardingFailedException(event.holderId() + "#" + message.getSequenceNumber(), e);
        }
        forwarded.increment();
    }

    /** The broker did not acknowledge: the event stays unforwarded and will be tried again. */
    static final class ForwardingFailedException extends RuntimeException {
        ForwardingFailedException(String event, Throwable cause) {
            super("event " + event + " not acknowledged by Kafka", cause);
        }
    }
}
