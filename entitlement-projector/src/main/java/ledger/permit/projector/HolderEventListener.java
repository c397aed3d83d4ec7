package ledger.permit.projector;

import io.micrometer.core.instrument.MeterRegistry;
import ledger.permit.contracts.wire.HolderEventCodec;
import ledger.permit.contracts.wire.HolderEventEnvelope;
import ledger.permit.projector.publication.Publication;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Consumes the internal topic; each partition's records arrive in order, so each holder's do too.
 * One transaction per event: the read model, its position, and what the public topics will carry.
 */
@Component
@LiveOnly
class HolderEventListener {

    private static final Logger log = LoggerFactory.getLogger(HolderEventListener.class);

    private final ReadModelWriter writer;
    private final Publication publication;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final MeterRegistry meters;

    HolderEventListener(ReadModelWriter writer, Publication publication, JdbcTemplate jdbc,
                        TransactionTemplate transaction, Clock clock, MeterRegistry meters) {
        this.writer = writer;
        this.publication = publication;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
        this.meters = meters;
    }

    @KafkaListener(topics = "${ledger.holder-events-topic}", groupId = "${spring.kafka.consumer.group-id}")
    void on(ConsumerRecord<String, String> record) {
        HolderEventEnvelope envelope = HolderEventCodec.read(record.value());
        ApplyOutcome outcome = transaction.execute(status -> {
            // a rebuild switching schemas holds this lock exclusively for the moment of the switch
            ReadModelRebuild.holdSwitchShared(jdbc);
            ApplyOutcome applied = writer.applyInTransaction(envelope);
            publication.catchUp(UUID.fromString(envelope.holderId()), LocalDate.now(clock));
            return applied;
        });
        meters.counter("ledger.projector.events", "outcome", outcome.name().toLowerCase()).increment();
        log.debug("{} {}#{} ({}): {}", envelope.type(), envelope.holderId(), envelope.sequence(),
                record.partition() + "@" + record.offset(), outcome);
    }
}
