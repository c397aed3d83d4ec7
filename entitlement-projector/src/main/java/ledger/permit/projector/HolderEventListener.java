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
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Consumes the internal topic; each partition's records arrive in order, so each holder's do too.
 * One transaction per poll: the read model, its position, and what the public topics will carry.
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

    /**
     * A poll's events in one transaction: each applied and its public messages judged in turn, exactly as one
     * at a time, with one commit for all; the read model's rows are written a run of holders at a time. If any
     * fails, the transaction goes back and the poll is applied one event per transaction, so that the events
     * before the failing one are kept and the error handler retries (or sets aside) that one alone.
     */
    @KafkaListener(topics = "${ledger.holder-events-topic}", groupId = "${spring.kafka.consumer.group-id}",
            batch = "true")
    void on(List<ConsumerRecord<String, String>> records) {
        List<ApplyOutcome> outcomes;
        try {
            outcomes = transaction.execute(status -> {
                // a rebuild switching schemas holds this lock exclusively for the moment of the switch
                ReadModelRebuild.holdSwitchShared(jdbc);
                List<HolderEventEnvelope> envelopes = new ArrayList<>(records.size());
                for (ConsumerRecord<String, String> record : records) {
                    envelopes.add(HolderEventCodec.read(record.value()));
                }
                List<ApplyOutcome> applied = new ArrayList<>(records.size());
                LocalDate today = LocalDate.now(clock);
                for (List<HolderEventEnvelope> run : runsOfDistinctHolders(envelopes)) {
                    applied.addAll(applyRun(run, today));
                }
                return applied;
            });
        } catch (RuntimeException e) {
            log.info("A poll of {} events went back ({}); applying them one at a time", records.size(), e.toString());
            outcomes = new ArrayList<>(records.size());
            for (int i = 0; i < records.size(); i++) {
                ConsumerRecord<String, String> record = records.get(i);
                try {
                    outcomes.add(transaction.execute(status -> {
                        ReadModelRebuild.holdSwitchShared(jdbc);
                        return applyRun(List.of(HolderEventCodec.read(record.value())), LocalDate.now(clock))
                                .getFirst();
                    }));
                } catch (RuntimeException failed) {
                    count(outcomes);
                    throw new BatchListenerFailedException(failed.getMessage(), failed, i);
                }
            }
        }
        count(outcomes);
    }

    /**
     * The poll cut, in its order, into runs in which no holder has two events: a run's events are written
     * together, and each holder's public messages then judged after its one event, as one at a time would.
     */
    static List<List<HolderEventEnvelope>> runsOfDistinctHolders(List<HolderEventEnvelope> envelopes) {
        List<List<HolderEventEnvelope>> runs = new ArrayList<>();
        List<HolderEventEnvelope> run = new ArrayList<>();
        Set<String> holders = new HashSet<>();
        for (HolderEventEnvelope envelope : envelopes) {
            if (!holders.add(envelope.holderId())) {
                runs.add(run);
                run = new ArrayList<>();
                holders.clear();
                holders.add(envelope.holderId());
            }
            run.add(envelope);
        }
        if (!run.isEmpty()) {
            runs.add(run);
        }
        return runs;
    }

    /**
     * Events of distinct holders, in the caller's transaction: the read model and its positions, then each
     * holder's public messages, judged after its one event from the holder as written (all of them with one read
     * and one batch of writes).
     */
    private List<ApplyOutcome> applyRun(List<HolderEventEnvelope> run, LocalDate today) {
        ReadModelWriter.Applied applied = writer.applyAll(run);
        List<ApplyOutcome> outcomes = applied.outcomes();
        publication.catchUpAll(run.stream().map(envelope -> UUID.fromString(envelope.holderId())).toList(), today,
                applied.written());
        if (log.isDebugEnabled()) {
            for (int i = 0; i < run.size(); i++) {
                HolderEventEnvelope envelope = run.get(i);
                log.debug("{} {}#{}: {}", envelope.type(), envelope.holderId(), envelope.sequence(), outcomes.get(i));
            }
        }
        return outcomes;
    }

    private void count(List<ApplyOutcome> outcomes) {
        for (ApplyOutcome outcome : outcomes) {
            meters.counter("ledger.projector.events", "outcome", outcome.name().toLowerCase()).increment();
        }
    }
}
