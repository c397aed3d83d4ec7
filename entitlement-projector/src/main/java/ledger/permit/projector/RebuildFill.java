package ledger.permit.projector;

import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.wire.HolderEventCodec;
import ledger.permit.contracts.wire.HolderEventEnvelope;
import ledger.permit.contracts.wire.MalformedMessageException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Fills a rebuild's new schema from the topic in two passes, so that each holder's row is written once however
 * many of its events there are:
 * <ol>
 *   <li>{@link #add}: every event read becomes a fact-log row, written with {@code COPY} into the fact log
 *       (which has no keys or indexes meanwhile);</li>
 *   <li>{@link #fold}: the fact log is read back in each holder's sequence order, each holder's events are
 *       folded into its facts with the live writer's own steps ({@link ReadModelWriter#event},
 *       {@link ReadModelWriter#next}), and the holder's row is written once, with {@code COPY}.</li>
 * </ol>
 * What the live projector would set aside is set aside here too: a message that is no event envelope, an
 * event of another holder, a holder whose first event is no application, and an event after a missing one,
 * with every later event of that holder (each of which the live projector finds out of sequence). An event
 * delivered twice (the forwarder sends again what it is not sure was sent) is kept once.
 */
final class RebuildFill {

    private static final Logger log = LoggerFactory.getLogger(RebuildFill.class);
    private static final int HOLDERS_PER_TRANSACTION = 5_000;
    private static final int FETCH_SIZE = 5_000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    long read;
    long applied;
    long skipped;
    /** The fact-log rows written by {@link #add}. */
    private long rows;

    /** @param jdbc and {@code transaction}: the new schema's, on its one writing connection */
    RebuildFill(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** The first pass: the records as fact-log rows, in one transaction. */
    void add(List<ConsumerRecord<String, String>> records) {
        List<Object[]> factRows = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            try {
                factRows.add(ReadModelWriter.factRow(envelope(record)));
            } catch (MalformedMessageException e) {
                skipped++;
                log.warn("Rebuild: {}-{}@{} skipped, as the live projector dead-letters it: {}", record.topic(),
                        record.partition(), record.offset(), e.getMessage());
            }
        }
        transaction.executeWithoutResult(status -> CopyIn.rows(jdbc, "holder_event", ReadModelWriter.FACT_COLUMNS,
                factRows));
        read += records.size();
        rows += factRows.size();
    }

    /**
     * The record's envelope, if it is one a fact-log row can hold as the live writer would: its holder a UUID as
     * the live writer compares it (the canonical form), its identifier and type within their columns.
     */
    static HolderEventEnvelope envelope(ConsumerRecord<String, String> record) {
        HolderEventEnvelope envelope = HolderEventCodec.read(record.value());
        String holder = envelope.holderId();
        boolean canonical;
        try {
            canonical = holder != null && UUID.fromString(holder).toString().equals(holder);
        } catch (IllegalArgumentException e) {
            canonical = false;
        }
        if (!canonical || envelope.eventId() == null || envelope.eventId().length() > 64 || envelope.type() == null
                || envelope.type().length() > 64 || envelope.recordedAt() == null || envelope.payload() == null) {
            throw new MalformedMessageException("an envelope without a holder, identifier, type, time or payload "
                    + "the fact log can hold", null);
        }
        return envelope;
    }

    /**
     * An event delivered twice is written twice by {@link #add}: the copies after the first (in the order they were
     * read, which is the order the rows went into the table) are removed.
     *
     * @return how many were removed
     */
    static int removeRedeliveries(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate("DELETE FROM holder_event WHERE ctid IN (SELECT ctid FROM "
                    + "(SELECT ctid, row_number() OVER (PARTITION BY holder_id, sequence ORDER BY ctid) AS copy "
                    + "FROM holder_event) AS copies WHERE copy > 1)");
        }
    }

    /**
     * The second pass, once the fact log has its primary key: reads it in (holder, sequence) order on
     * {@code reading} (a connection of its own, in a transaction of its own), writes each holder's row, and
     * removes the rows the live projector would have set aside.
     *
     * @param schema the new schema, a plain name
     */
    void fold(Connection reading, String schema, long started) throws SQLException {
        Folding folding = new Folding();
        boolean autoCommit = reading.getAutoCommit();
        reading.setAutoCommit(false);
        try (Statement statement = reading.createStatement()) {
            statement.execute("SET LOCAL search_path TO " + ReadModelRebuild.plainSchema(schema));
            // the key's order, read through the key: no sort of the whole log
            statement.execute("SET LOCAL enable_sort TO off");
            statement.setFetchSize(FETCH_SIZE);
            try (var rs = statement.executeQuery("SELECT holder_id, sequence, event_id, type, version, payload::text "
                    + "FROM holder_event ORDER BY holder_id, sequence")) {
                long lastReport = System.nanoTime();
                while (rs.next()) {
                    folding.row(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5), rs.getString(6));
                    if (System.nanoTime() - lastReport > 2_000_000_000L) {
                        lastReport = System.nanoTime();
                        log.info("Rebuild: {} of {} events folded into their holders, {} events/s overall",
                                folding.folded, rows, Math.round(read / ((lastReport - started) / 1e9)));
                    }
                }
            }
            folding.finish();
            reading.commit();
        } catch (SQLException | RuntimeException e) {
            reading.rollback();
            throw e;
        } finally {
            reading.setAutoCommit(autoCommit);
        }
        removeSetAside(folding.setAsideHolders, folding.setAsideSequences);
    }

    /** One holder at a time: its events as they come, its row when the next holder's first event comes. */
    private final class Folding {
        private final List<Object[]> holderRows = new ArrayList<>();
        private final List<UUID> setAsideHolders = new ArrayList<>();
        private final List<Long> setAsideSequences = new ArrayList<>();
        private UUID current;
        private ReadModelWriter.Holder holder;
        private boolean setAside;
        long folded;

        void row(UUID holderId, long sequence, String eventId, String type, int version, String payload) {
            folded++;
            if (!holderId.equals(current)) {
                finishHolder();
                current = holderId;
                holder = null;
                setAside = false;
            }
            if (!setAside) {
                HolderEventEnvelope envelope = new HolderEventEnvelope(eventId, type, version, holderId.toString(),
                        sequence, null, null);
                try {
                    HolderEvent event = ReadModelWriter.event(envelope, HolderEventCodec.payload(type, version, payload));
                    ReadModelWriter.Holder after = ReadModelWriter.next(holder, envelope, event);
                    if (after != null) {
                        holder = after;
                        applied++;
                        return;
                    }
                } catch (MalformedMessageException | SequenceGapException e) {
                    setAside = true;
                    log.warn("Rebuild: {}#{} skipped, as the live projector dead-letters it: {}", holderId, sequence,
                            e.getMessage());
                }
            }
            skipped++;
            setAsideHolders.add(holderId);
            setAsideSequences.add(sequence);
        }

        void finish() {
            finishHolder();
            writeHolders();
        }

        private void finishHolder() {
            if (holder != null) {
                holderRows.add(holder.newRow(current));
                if (holderRows.size() >= HOLDERS_PER_TRANSACTION) {
                    writeHolders();
                }
            }
        }

        private void writeHolders() {
            transaction.executeWithoutResult(status -> CopyIn.rows(jdbc, "holder", ReadModelWriter.HOLDER_COLUMNS,
                    holderRows));
            holderRows.clear();
        }
    }

    private void removeSetAside(List<UUID> holders, List<Long> sequences) {
        if (holders.isEmpty()) {
            return;
        }
        int removed = jdbc.update(connection -> {
            var statement = connection.prepareStatement("DELETE FROM holder_event h USING unnest(?::uuid[], "
                    + "?::bigint[]) AS r (holder_id, sequence) WHERE h.holder_id = r.holder_id "
                    + "AND h.sequence = r.sequence");
            statement.setArray(1, connection.createArrayOf("uuid", holders.toArray()));
            statement.setArray(2, connection.createArrayOf("bigint", sequences.toArray()));
            return statement;
        });
        log.info("Rebuild: {} events set aside removed from the fact log", removed);
    }
}
