package ledger.permit.projector;

import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.wire.HolderEventCodec;
import ledger.permit.contracts.wire.HolderEventEnvelope;
import ledger.permit.contracts.wire.IsoDates;
import ledger.permit.contracts.wire.MalformedMessageException;
import ledger.permit.rules.facts.HolderFacts;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fills a rebuild's new schema from the topic in two passes, so that each holder's row is written once however
 * many of its events there are:
 * <ol>
 *   <li>{@link #add}: every event read becomes a fact-log row, written with {@code COPY} into the fact log
 *       (which has no keys or indexes meanwhile); in a pipeline of three threads, so that each core and
 *       PostgreSQL work at once: while one poll's rows are written, the poll after it is read into rows, and the
 *       next one is polled;</li>
 *   <li>{@link #fold}: the fact log is read back in each holder's sequence order, each holder's events are
 *       checked with the live writer's own steps ({@link ReadModelWriter#event},
 *       {@link ReadModelWriter#advanced}) and folded into its facts at once ({@link HolderFacts#applyAll}, the
 *       same as {@link HolderFacts#apply} one at a time), and the holder's row is written once, with
 *       {@code COPY}; the holders are split into ranges of their identifiers, one per core (at most four),
 *       folded side by side.</li>
 * </ol>
 * What the live projector would set aside is set aside here too: a message that is no event envelope, an
 * event of another holder, a holder whose first event is no application, and an event after a missing one,
 * with every later event of that holder (each of which the live projector finds out of sequence). An event
 * delivered twice (the forwarder sends again what it is not sure was sent) is kept once.
 */
final class RebuildFill implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RebuildFill.class);
    private static final ObjectMapper JSON = HolderEventCodec.newMapper();
    private static final int HOLDERS_PER_TRANSACTION = 5_000;
    private static final int FETCH_SIZE = 5_000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    /** Reads the first pass's polls into rows, a poll at a time, while the caller polls the next. */
    private final ExecutorService parsing = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("rebuild-parse").daemon().factory());
    /** Writes the first pass's rows, a poll's at a time, while the next poll is read into rows. */
    private final ExecutorService copying = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("rebuild-copy").daemon().factory());
    /** The poll being read into rows; set and awaited by the caller's thread. */
    private Future<?> parse = CompletableFuture.completedFuture(null);
    /** The rows being written; set and awaited by the parsing thread, by the caller's once {@link #parse} is done. */
    private Future<?> copy = CompletableFuture.completedFuture(null);
    /** The records handed to {@link #add}. */
    long read;
    long applied;
    /** Set aside: in the first pass by the parsing thread, read by the caller's once {@link #filled}. */
    long skipped;
    /** The fact-log rows written by {@link #add}. */
    private long rows;

    /** @param jdbc and {@code transaction}: the new schema's, on its one writing connection */
    RebuildFill(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /**
     * The first pass: the records as fact-log rows, in one transaction. Returns once the poll before them has been
     * read into rows; they are read and written while the caller polls again.
     */
    void add(List<ConsumerRecord<String, String>> records) {
        await(parse, "read"); // one poll being read into rows at most
        read += records.size();
        parse = parsing.submit(() -> {
            List<Object[]> factRows = factRows(records);
            await(copy, "written"); // one poll's rows in flight at most
            copy = copying.submit(() -> transaction.executeWithoutResult(status -> CopyIn.rows(jdbc,
                    "holder_event", ReadModelWriter.FACT_COLUMNS, factRows)));
            rows += factRows.size();
        });
    }

    /** The records as fact-log rows; those that are no event envelope set aside. */
    private List<Object[]> factRows(List<ConsumerRecord<String, String>> records) {
        List<Object[]> factRows = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            try {
                StoredEnvelope envelope = stored(record);
                factRows.add(ReadModelWriter.factRow(envelope.holderId(), envelope.sequence(), envelope.eventId(),
                        envelope.type(), envelope.version(), envelope.recordedAt(), envelope.payload()));
            } catch (MalformedMessageException e) {
                skipped++;
                setAside(record, e);
            }
        }
        return factRows;
    }

    /** Waits until the first pass's last rows are written; then the fill's connection is free again. */
    void filled() {
        await(parse, "read");
        await(copy, "written");
    }

    /** Stops the first pass's threads, once the rows in flight are read and written, or have failed. */
    @Override
    public void close() {
        for (ExecutorService threads : List.of(parsing, copying)) {
            threads.shutdown();
            try {
                if (!threads.awaitTermination(1, TimeUnit.MINUTES)) {
                    log.warn("Rebuild: the fact log's last rows are still being {}",
                            threads == parsing ? "read" : "written");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits for a step of the first pass; its failure is the caller's. */
    private static void await(Future<?> step, String what) {
        try {
            step.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the fact log's rows were " + what, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("the fact log's rows could not be " + what, e.getCause());
        }
    }

    /** Logs a record that is no event envelope, which the rebuild leaves out. */
    static void setAside(ConsumerRecord<String, String> record, MalformedMessageException e) {
        log.warn("Rebuild: {}-{}@{} skipped, as the live projector dead-letters it: {}", record.topic(),
                record.partition(), record.offset(), e.getMessage());
    }

    /**
     * The record's envelope, if it is one a fact-log row can hold as the live writer would: its holder a UUID as
     * the live writer compares it (the canonical form), its identifier and type within their columns.
     */
    static HolderEventEnvelope envelope(ConsumerRecord<String, String> record) {
        HolderEventEnvelope envelope = HolderEventCodec.read(record.value());
        check(envelope.holderId(), envelope.eventId(), envelope.type(), envelope.recordedAt(), envelope.payload());
        return envelope;
    }

    /**
     * An envelope as the fact log keeps it, read with the same settings as {@link HolderEventEnvelope} by
     * {@link HolderEventCodec#read}, but its time and payload kept as the fact log's {@code COPY} takes them (the
     * first pass does nothing else with them): the time in {@link CopyIn#micros} ({@link CopyTimestamp}), the
     * payload as JSON text ({@link JsonText}).
     */
    record StoredEnvelope(String eventId, String type, int version, String holderId, long sequence,
                          @JsonDeserialize(using = CopyTimestamp.class) Long recordedAt,
                          @JsonDeserialize(using = JsonText.class) String payload) {
    }

    /** The attribute that hands a message's whole text to {@link JsonText}. */
    private static final String SOURCE = "rebuild.source";
    private static final ObjectReader STORED = JSON.readerFor(StoredEnvelope.class);

    /**
     * A JSON value as JSON text. An object or array is cut from the message's text as it stands: the same JSON
     * value as the live writer's text of it (the fact log keeps it as {@code json}, the text as written, so the two
     * texts may differ in spaces where a message was not written by Jackson); unless it holds a number with a
     * fraction or exponent (which Jackson's tree would write in its own form, so that the stored number could
     * differ) or a character escaped by its code, a backslash and a u (an escaped lone surrogate is refused by
     * PostgreSQL, while Jackson reads it and writes it as a character). Then, as any other value, it is read and
     * written out again token by token.
     */
    static final class JsonText extends StdDeserializer<String> {
        JsonText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonToken first = parser.currentToken();
            if (context.getAttribute(SOURCE) instanceof String source
                    && (first == JsonToken.START_OBJECT || first == JsonToken.START_ARRAY)) {
                long start = parser.currentTokenLocation().getCharOffset();
                boolean exact = true;
                for (int depth = 1; depth > 0; ) {
                    JsonToken token = parser.nextToken();
                    if (token == null) {
                        throw context.wrongTokenException(parser, String.class, JsonToken.END_OBJECT,
                                "the payload ends early");
                    }
                    if (token.isStructStart()) {
                        depth++;
                    } else if (token.isStructEnd()) {
                        depth--;
                    } else if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                        exact = false;
                    }
                }
                long end = parser.currentLocation().getCharOffset();
                if (start < 0 || end > source.length() || start >= end) {
                    throw new IllegalStateException("the payload's place in the message is unknown");
                }
                String text = source.substring((int) start, (int) end);
                return exact && text.indexOf("\\u") < 0 ? text : copied(JSON.createParser(text));
            }
            return copied(parser);
        }

        private static String copied(JsonParser parser) throws IOException {
            if (parser.currentToken() == null) {
                parser.nextToken();
            }
            StringWriter text = new StringWriter();
            try (JsonGenerator generator = JSON.getFactory().createGenerator(text)) {
                generator.copyCurrentStructure(parser);
            }
            return text.toString();
        }
    }

    /**
     * An instant in {@link CopyIn#micros}, as the live writer stores it in the fact log. Counted from the text's
     * digits when it is as {@link Instant#toString} writes an instant of whole microseconds:
     * {@code yyyy-MM-ddTHH:mm:ss} of a real day, hour, minute and second, then no fraction or one of 3 or 6 digits,
     * then {@code Z}. Anything else is read as the live writer reads it (Jackson's {@code InstantDeserializer}).
     */
    static final class CopyTimestamp extends StdDeserializer<Long> {
        private static final long MICROS_A_DAY = 86_400_000_000L;

        CopyTimestamp() {
            super(Long.class);
        }

        @Override
        public Long deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                Long micros = canonicalMicros(parser.getText());
                if (micros != null) {
                    return micros;
                }
            }
            Instant instant = (Instant) context.findRootValueDeserializer(context.constructType(Instant.class))
                    .deserialize(parser, context);
            return instant == null ? null : CopyIn.micros(instant);
        }

        /** The instant in {@link CopyIn#micros} if the text is in the canonical form above, else {@code null}. */
        static Long canonicalMicros(String text) {
            int n = text.length();
            if (n != 20 && n != 24 && n != 27 || text.charAt(n - 1) != 'Z' || text.charAt(4) != '-'
                    || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                    || text.charAt(16) != ':' || n > 20 && text.charAt(19) != '.') {
                return null;
            }
            int hour = IsoDates.digits(text, 11, 13);
            int minute = IsoDates.digits(text, 14, 16);
            int second = IsoDates.digits(text, 17, 19);
            LocalDate day = IsoDates.date(text.substring(0, 10));
            if (day == null || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
                return null;
            }
            long micros = day.toEpochDay() * MICROS_A_DAY + ((hour * 60L + minute) * 60 + second) * 1_000_000L;
            if (n == 20) {
                return micros;
            }
            // Instant#toString writes a fraction in 3 digits, or in 6 when the last three are not 000
            int fraction = IsoDates.digits(text, 20, n - 1);
            if (fraction < 0 || fraction % 1000 == 0) {
                return null;
            }
            return micros + (n == 24 ? fraction * 1_000L : fraction);
        }
    }

    /** {@link #envelope}'s checks, the time and payload kept as text. */
    static StoredEnvelope stored(ConsumerRecord<String, String> record) {
        StoredEnvelope envelope;
        try {
            envelope = STORED.withAttribute(SOURCE, record.value()).readValue(record.value());
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException("not a holder event envelope: " + e.getOriginalMessage(), e);
        }
        check(envelope.holderId(), envelope.eventId(), envelope.type(), envelope.recordedAt(), envelope.payload());
        return envelope;
    }

    private static void check(String holder, String eventId, String type, Object recordedAt, Object payload) {
        boolean canonical;
        try {
            canonical = holder != null && UUID.fromString(holder).toString().equals(holder);
        } catch (IllegalArgumentException e) {
            canonical = false;
        }
        if (!canonical || eventId == null || eventId.length() > 64 || type == null || type.length() > 64
                || recordedAt == null || payload == null) {
            throw new MalformedMessageException("an envelope without a holder, identifier, type, time or payload "
                    + "the fact log can hold", null);
        }
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
     * The second pass, once the fact log has its primary key: reads it in (holder, sequence) order, one range of
     * holders per thread, each on connections of its own; writes each holder's row, and removes the rows the live
     * projector would have set aside.
     *
     * @param schema the new schema, a plain name
     */
    void fold(DataSource dataSource, String schema, long started) throws SQLException {
        int parts = Math.clamp(Runtime.getRuntime().availableProcessors(), 1, 4);
        ExecutorService folding = Executors.newFixedThreadPool(parts, Thread.ofPlatform().name("rebuild-fold-", 0)
                .daemon().factory());
        AtomicLong folded = new AtomicLong();
        List<Folding> ranges = new ArrayList<>();
        List<Future<Void>> work = new ArrayList<>();
        try {
            for (int i = 0; i < parts; i++) {
                Folding range = new Folding(schema, boundary(i, parts), i + 1 < parts ? boundary(i + 1, parts) : null,
                        folded);
                ranges.add(range);
                work.add(folding.submit(() -> {
                    range.run(dataSource);
                    return null;
                }));
            }
            for (Future<Void> part : work) {
                while (!awaitPart(part)) {
                    log.info("Rebuild: {} of {} events folded into their holders, {} events/s overall", folded.get(),
                            rows, Math.round(read / ((System.nanoTime() - started) / 1e9)));
                }
            }
        } finally {
            folding.shutdownNow();
        }
        List<UUID> setAsideHolders = new ArrayList<>();
        List<Long> setAsideSequences = new ArrayList<>();
        for (Folding range : ranges) {
            applied += range.applied;
            skipped += range.setAsideHolders.size();
            setAsideHolders.addAll(range.setAsideHolders);
            setAsideSequences.addAll(range.setAsideSequences);
        }
        removeSetAside(setAsideHolders, setAsideSequences);
    }

    /** The first holder identifier of the {@code i}th of {@code parts} equal ranges. */
    static UUID boundary(int i, int parts) {
        return new UUID((long) ((double) i / parts * 0x1p64 - 0x1p63) ^ Long.MIN_VALUE, 0);
    }

    /** Whether the part is done, after waiting at most two seconds for it. */
    private static boolean awaitPart(Future<Void> part) throws SQLException {
        try {
            part.get(2, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the holders were folded", e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case SQLException sql -> throw sql;
                case RuntimeException runtime -> throw runtime;
                default -> throw new IllegalStateException("the holders could not be folded", e.getCause());
            }
        }
    }

    /**
     * The holders of one range of identifiers, one at a time: its events as they come, its row when the next
     * holder's first event comes.
     */
    private final class Folding {
        private final String schema;
        private final UUID from;
        private final UUID to;
        private final AtomicLong folded;
        private final List<Object[]> holderRows = new ArrayList<>();
        final List<UUID> setAsideHolders = new ArrayList<>();
        final List<Long> setAsideSequences = new ArrayList<>();
        long applied;
        private JdbcTemplate writer;
        private Connection writing;
        private UUID current;
        /** The current holder after its events so far, its facts before {@link #pending}. */
        private ReadModelWriter.Holder holder;
        /** The current holder's events not yet folded into its facts: all at once when its last is read. */
        private final List<HolderEvent> pending = new ArrayList<>();
        private boolean setAside;

        /** @param to the first identifier after the range, {@code null} for none */
        Folding(String schema, UUID from, UUID to, AtomicLong folded) {
            this.schema = ReadModelRebuild.plainSchema(schema);
            this.from = from;
            this.to = to;
            this.folded = folded;
        }

        /** Reads the range in a transaction of one connection, writes its holders in transactions of another. */
        void run(DataSource dataSource) throws SQLException {
            try (Connection reading = dataSource.getConnection(); Connection writes = dataSource.getConnection()) {
                writing = writes;
                writer = new JdbcTemplate(new SingleConnectionDataSource(writes, true));
                reading.setAutoCommit(false);
                writes.setAutoCommit(false);
                try {
                    fold(reading);
                } catch (SQLException | RuntimeException e) {
                    reading.rollback();
                    writes.rollback();
                    throw e;
                } finally {
                    reading.setAutoCommit(true);
                    writes.setAutoCommit(true);
                }
            } finally {
                writing = null;
            }
        }

        private void fold(Connection reading) throws SQLException {
            try (Statement statement = reading.createStatement()) {
                // the key's order, read through the key: no sort of the whole log
                statement.execute("SET LOCAL enable_sort TO off");
            }
            try (var query = reading.prepareStatement("SELECT holder_id, sequence, event_id, type, version, "
                    + "payload::text, recorded_at FROM " + schema + ".holder_event WHERE holder_id >= ?"
                    + (to == null ? "" : " AND holder_id < ?") + " ORDER BY holder_id, sequence")) {
                query.setObject(1, from);
                if (to != null) {
                    query.setObject(2, to);
                }
                query.setFetchSize(FETCH_SIZE);
                try (var rs = query.executeQuery()) {
                    while (rs.next()) {
                        row(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3), rs.getString(4),
                                rs.getInt(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class).toInstant());
                    }
                }
            }
            finishHolder();
            writeHolders();
            reading.commit();
        }

        private void row(UUID holderId, long sequence, String eventId, String type, int version, String payload,
                         Instant recordedAt) {
            folded.incrementAndGet();
            if (!holderId.equals(current)) {
                finishHolder();
                current = holderId;
                holder = null;
                pending.clear();
                setAside = false;
            }
            if (!setAside) {
                HolderEventEnvelope envelope = new HolderEventEnvelope(eventId, type, version, holderId.toString(),
                        sequence, recordedAt, null);
                try {
                    HolderEvent event = ReadModelWriter.event(envelope, HolderEventCodec.payload(type, version, payload));
                    ReadModelWriter.Holder after = ReadModelWriter.advanced(holder, envelope, event);
                    if (after != null) {
                        holder = after;
                        pending.add(event);
                        applied++;
                        return;
                    }
                } catch (MalformedMessageException | SequenceGapException e) {
                    setAside = true;
                    log.warn("Rebuild: {}#{} skipped, as the live projector dead-letters it: {}", holderId, sequence,
                            e.getMessage());
                }
            }
            setAsideHolders.add(holderId);
            setAsideSequences.add(sequence);
        }

        private void finishHolder() {
            if (holder != null) {
                holder = holder.withFacts(holder.facts().applyAll(pending));
                pending.clear();
                holderRows.add(holder.newRow(current));
                if (holderRows.size() >= HOLDERS_PER_TRANSACTION) {
                    writeHolders();
                }
            }
        }

        /** The holders so far, in a transaction that need not wait for the disk (as the first pass's). */
        private void writeHolders() {
            try {
                try (Statement statement = writing.createStatement()) {
                    statement.execute("SET LOCAL synchronous_commit TO off");
                }
                CopyIn.rows(writer, schema + ".holder", ReadModelWriter.HOLDER_COLUMNS, holderRows);
                writing.commit();
            } catch (SQLException e) {
                throw new IllegalStateException("holders could not be written: " + e.getMessage(), e);
            }
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
