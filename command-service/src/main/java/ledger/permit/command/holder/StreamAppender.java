package ledger.permit.command.holder;

import ledger.permit.contracts.holder.HolderCommand.RecordSocialInsuranceMonth;
import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.rules.facts.HolderFacts;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records the contribution months of many holders in one unit of work: their streams are read in one query and
 * each folded into its holder's facts, each month decided by the same {@link HolderDecisions#recordInsurance} the holder's command
 * handler calls, and every new event appended to its holder's stream with the next sequence number, in one
 * batch and one transaction. The event store's unique (holder, sequence) key is the guard: if a command
 * appended to one of these holders meanwhile, the append fails as a whole and nothing is kept.
 * <p>
 * This is the insurance feed's way past one command (one lock, one load, one append, one commit) per row; the
 * events are the very events the command would record, with the same recorder on them. It relies on the
 * {@link Holder} aggregate being loaded from the store for each command, as it is: an aggregate cache would not
 * see the events appended here.
 * <p>
 * A stream is read as Axon reads it: from the holder's latest snapshot of the current revision, if it has one, and
 * the events after it. A holder due a snapshot ({@link HolderSnapshots}) gets one in the same transaction, of
 * its facts after the new events.
 */
@Component
class StreamAppender {

    private static final Logger log = LoggerFactory.getLogger(StreamAppender.class);

    /** The aggregate type on every holder event, as Axon names the {@link Holder} aggregate. */
    static final String AGGREGATE_TYPE = Holder.class.getSimpleName();

    private final EventStore eventStore;
    private final TransactionManager transactions;
    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final Serializer snapshotSerializer;
    private final HolderSnapshots snapshots;

    StreamAppender(EventStore eventStore, TransactionManager transactions, JdbcTemplate jdbc,
                   @Qualifier("eventSerializer") Serializer serializer,
                   @Qualifier("serializer") Serializer snapshotSerializer,
                   HolderSnapshots snapshots) {
        this.eventStore = eventStore;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.snapshotSerializer = snapshotSerializer;
        this.snapshots = snapshots;
    }

    /** The months to record on one holder, in their order. */
    record Months(HolderId holder, List<RecordSocialInsuranceMonth> months) {
    }

    /**
     * Decides and appends every month of every holder, all or nothing; returns, for each holder, how many events
     * each of its months recorded (0 when the month was on record already).
     *
     * @throws HolderRefusal if a month is refused by its holder; nothing is recorded then
     * @throws RuntimeException if the store refuses the append (a concurrent change) or fails; nothing is recorded
     */
    Map<HolderId, int[]> recordAll(List<Months> holders, MetaData recordedBy) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactions);
        ResultMessage<Map<HolderId, int[]>> result =
                unitOfWork.executeWithResult(() -> decideAndPublish(holders, recordedBy));
        if (result.isExceptional()) {
            Throwable failure = result.exceptionResult();
            throw failure instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("the months could not be recorded", failure);
        }
        return result.getPayload();
    }

    private Map<HolderId, int[]> decideAndPublish(List<Months> holders, MetaData recordedBy) {
        Map<HolderId, int[]> recorded = new LinkedHashMap<>();
        List<DomainEventMessage<HolderEvent>> events = new ArrayList<>();
        List<DomainEventMessage<Holder>> snapshotsDue = new ArrayList<>();
        Map<String, Stream> streams = read(holders.stream().map(holder -> holder.holder().toString()).toList());
        for (Months holder : holders) {
            String id = holder.holder().toString();
            Stream stream = streams.get(id);
            if (stream == null) {
                throw new IllegalStateException("holder " + id + " has no stream");
            }
            HolderFacts facts = stream.facts();
            long sequence = stream.last();
            int folded = stream.folded();
            int[] counts = new int[holder.months().size()];
            for (int i = 0; i < counts.length; i++) {
                List<HolderEvent> decided = HolderDecisions.recordInsurance(facts, holder.months().get(i));
                for (HolderEvent event : decided) {
                    events.add(new GenericDomainEventMessage<>(AGGREGATE_TYPE, id, ++sequence, event, recordedBy));
                    facts = facts.apply(event);
                }
                counts[i] = decided.size();
                folded += decided.size();
            }
            recorded.put(holder.holder(), counts);
            if (sequence > stream.last() && snapshots.due(folded)) {
                snapshotsDue.add(new GenericDomainEventMessage<>(AGGREGATE_TYPE, id, sequence,
                        new Holder(holder.holder(), facts)));
            }
        }
        if (!events.isEmpty()) {
            eventStore.publish(events);
        }
        snapshotsDue.forEach(eventStore::storeSnapshot);
        return recorded;
    }

    /**
     * A holder's facts as its stream folds them, the stream's last sequence number, and how many events were folded
     * on top of its latest snapshot (all of them if it has none).
     */
    private record Stream(HolderFacts facts, long last, int folded) {
    }

    /**
     * The streams of many holders, each folded into its facts as Axon would load it, one holder at a time: the
     * latest snapshot of each holder that has one (one query), and the events after it (one query), deserialized
     * by the same serializers and folded at once ({@link HolderFacts#applyAll}).
     */
    private Map<String, Stream> read(List<String> holders) {
        Map<String, Stream> streams = new HashMap<>();
        jdbc.query(connection -> {
            var statement = connection.prepareStatement("SELECT DISTINCT ON (aggregateidentifier) "
                    + "aggregateidentifier, sequencenumber, payloadtype, payloadrevision, payload "
                    + "FROM snapshotevententry WHERE aggregateidentifier = ANY (?) "
                    + "ORDER BY aggregateidentifier, sequencenumber DESC");
            statement.setArray(1, connection.createArrayOf("varchar", holders.toArray()));
            return statement;
        }, row -> {
            Holder snapshot = snapshot(row.getString(1), row.getLong(2), row.getString(3), row.getString(4),
                    row.getBytes(5));
            if (snapshot != null) {
                streams.put(row.getString(1), new Stream(snapshot.facts(), row.getLong(2), 0));
            }
        });
        Map<String, List<HolderEvent>> events = new HashMap<>();
        Map<String, Long> last = new HashMap<>();
        Long[] after = holders.stream().map(id -> streams.containsKey(id) ? streams.get(id).last() : -1L)
                .toArray(Long[]::new);
        jdbc.query(connection -> {
            var statement = connection.prepareStatement("SELECT e.aggregateidentifier, e.sequencenumber, "
                    + "e.payloadtype, e.payloadrevision, e.payload FROM domainevententry e "
                    + "JOIN unnest(?::varchar[], ?::bigint[]) AS s(id, after) "
                    + "ON e.aggregateidentifier = s.id AND e.sequencenumber > s.after "
                    + "ORDER BY e.aggregateidentifier, e.sequencenumber");
            statement.setArray(1, connection.createArrayOf("varchar", holders.toArray()));
            statement.setArray(2, connection.createArrayOf("bigint", after));
            return statement;
        }, row -> {
            String id = row.getString(1);
            events.computeIfAbsent(id, holder -> new ArrayList<>()).add(serializer.deserialize(
                    new SimpleSerializedObject<>(row.getBytes(5), byte[].class, row.getString(3), row.getString(4))));
            last.put(id, row.getLong(2));
        });
        events.forEach((id, folded) -> {
            Stream snapshot = streams.get(id);
            streams.put(id, new Stream((snapshot == null ? HolderFacts.none() : snapshot.facts()).applyAll(folded),
                    last.get(id), folded.size()));
        });
        return streams;
    }

    /**
     * A stored snapshot as Axon would use it, or null if it is of another revision or cannot be read (the
     * holder's whole stream is folded then, as Axon does).
     */
    private Holder snapshot(String holder, long sequence, String type, String revision, byte[] payload) {
        if (!Holder.SNAPSHOT_REVISION.equals(revision)) {
            return null;
        }
        try {
            return snapshotSerializer.deserialize(new SimpleSerializedObject<>(payload, byte[].class, type,
                    revision));
        } catch (SerializationException | ClassCastException e) {
            log.warn("The snapshot of holder {} at {} cannot be read ({}); its whole stream is folded", holder,
                    sequence, e.toString());
            return null;
        }
    }
}
