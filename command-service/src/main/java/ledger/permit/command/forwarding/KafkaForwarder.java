package ledger.permit.command.forwarding;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import ledger.permit.command.LedgerProperties;
import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.wire.HolderEventCodec;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Forwards every stored holder event to the internal topic, keyed by holder so that one holder's
 * events stay in order on one partition (the producer is idempotent, so a partition keeps the order sent).
 * The events of a processor batch are sent one after another without waiting, and the batch commits its
 * position only once the broker acknowledged every one of them; a failure propagates, so the processor keeps
 * its token, backs off and sends the batch again (the projector recognises an event it applied before).
 */
@Component
@ProcessingGroup(KafkaForwarder.PROCESSING_GROUP)
class KafkaForwarder {

    static final String PROCESSING_GROUP = "kafka-forwarder";
    private static final String SENT = KafkaForwarder.class.getName() + ".sent";

    private final KafkaTemplate<String, String> kafka;
    private final String topic;
    private final Counter forwarded;
    private final Serializer serializer;

    KafkaForwarder(KafkaTemplate<String, String> kafka, LedgerProperties properties, MeterRegistry meters,
                   @Qualifier("eventSerializer") Serializer serializer) {
        this.kafka = kafka;
        this.serializer = serializer;
        this.topic = properties.holderEventsTopic();
        this.forwarded = Counter.builder("ledger.forwarder.events")
                .description("holder events acknowledged by the broker").register(meters);
    }

    /** A record sent and not yet acknowledged: which event, and the broker's answer to come. */
    private record Sent(String event, CompletableFuture<?> acknowledged) {
    }

    /**
     * The payload goes into the envelope as the text the event store holds (written by the ledger's one mapper),
     * without being read into its event and written again: the same text either way
     * ({@code GoldenWireFormatTest}).
     */
    @EventHandler(payloadType = HolderEvent.class)
    void on(DomainEventMessage<?> message) {
        String holder = message.getAggregateIdentifier();
        String json = HolderEventCodec.write(message.getIdentifier(), message.getPayloadType(), holder,
                message.getSequenceNumber(), message.getTimestamp(),
                message.serializePayload(serializer, String.class).getData());
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        List<Sent> sent = batch.getOrComputeResource(SENT, key -> {
            List<Sent> records = new ArrayList<>();
            batch.onPrepareCommit(u -> awaitAcknowledged(records));
            return records;
        });
        sent.add(new Sent(holder + "#" + message.getSequenceNumber(), kafka.send(topic, holder, json)));
    }

    /** Before the batch's position is committed: every record acknowledged, or the batch fails. */
    private void awaitAcknowledged(List<Sent> records) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Sent record : records) {
            try {
                record.acknowledged().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new ForwardingFailedException(record.event(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ForwardingFailedException(record.event(), e);
            }
            forwarded.increment();
        }
    }

    /** The broker did not acknowledge: the event stays unforwarded and will be tried again. */
    static final class ForwardingFailedException extends RuntimeException {
        ForwardingFailedException(String event, Throwable cause) {
            super("event " + event + " not acknowledged by Kafka", cause);
        }
    }
}
