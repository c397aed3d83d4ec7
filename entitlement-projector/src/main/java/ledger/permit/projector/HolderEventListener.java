package ledger.permit.projector;

import io.micrometer.core.instrument.MeterRegistry;
import ledger.permit.contracts.wire.HolderEventCodec;
import ledger.permit.contracts.wire.HolderEventEnvelope;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Consumes the internal topic; each partition's records arrive in order, so each holder's do too. */
@Component
class HolderEventListener {

    private static final Logger log = LoggerFactory.getLogger(HolderEventListener.class);

    private final ReadModelWriter writer;
    private final MeterRegistry meters;

    HolderEventListener(ReadModelWriter writer, MeterRegistry meters) {
        this.writer = writer;
        this.meters = meters;
    }

    @KafkaListener(topics = "${ledger.holder-events-topic}", groupId = "${spring.kafka.consumer.group-id}")
    void on(ConsumerRecord<String, String> record) {
        HolderEventEnvelope envelope = HolderEventCodec.read(record.value());
        ApplyOutcome outcome = writer.apply(envelope);
        meters.counter("ledger.projector.events", "outcome", outcome.name().toLowerCase()).increment();
        log.debug("{} {}#{} ({}): {}", envelope.type(), envelope.holderId(), envelope.sequence(),
                record.partition() + "@" + record.offset(), outcome);
    }
}
