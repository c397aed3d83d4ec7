package ledger.permit.projector;

import ledger.permit.contracts.wire.HolderEventEnvelope;
import ledger.permit.contracts.wire.MalformedMessageException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Rebuilds the read model from the earliest offset of the internal topic into a fresh schema, then
 * switches it in atomically while queries go on being served from the old one:
 * <ol>
 *   <li>a new schema {@code <live>_rebuild_<time>} is migrated and filled from offset 0 up to the end
 *       offsets read at the start, with progress logged: the fact log first, then each holder's row once from it
 *       ({@link RebuildFill});</li>
 *   <li>the switch lock is taken: the live projector's next transaction waits (each takes it shared);</li>
 *   <li>the new schema catches up to the end offsets read under the lock, which cover every event the live
 *       projector has applied;</li>
 *   <li>in one transaction the live schema is renamed away, the new one takes its name, and the old one is
 *       dropped; a query running meanwhile finishes on the old tables, the next one reads the new.</li>
 * </ol>
 * The publication schema is not touched: what was published stays published.
 */
public final class ReadModelRebuild {

    private static final Logger log = LoggerFactory.getLogger(ReadModelRebuild.class);
    /** Taken shared by every live projector transaction and exclusively by the switch ("rebuild"). */
    static final long SWITCH_LOCK = 0x72656275696c64L;
    static final String READ_MODEL_MIGRATIONS = "classpath:db/migration/read_model";
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,40}");
    private static final int EVENTS_PER_TRANSACTION = 2_000;
    /** The append-only table of every holder's facts. */
    private static final String FACT_LOG = "holder_event";

    /** What a rebuild did. */
    public record Result(String schema, long events, long applied, long skipped, Duration took) {
    }

    private final DataSource dataSource;
    private final Map<String, Object> consumerConfig;
    private final String topic;
    private final String liveSchema;

    public ReadModelRebuild(DataSource dataSource, Map<String, Object> consumerConfig, String topic,
                            String liveSchema) {
        plainSchema(liveSchema);
        this.dataSource = dataSource;
        this.consumerConfig = new HashMap<>(consumerConfig);
        this.consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        this.consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        this.consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        this.topic = topic;
        this.liveSchema = liveSchema;
    }

    /** The name, if it is a plain schema name that may go into SQL as it is. */
    static String plainSchema(String schema) {
        if (!SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("not a plain schema name: " + schema);
        }
        return schema;
    }

    /** {@code prefix_yyyyMMddHHmmss}: a new schema's name. */
    static String timestamped(String prefix) {
        return prefix + "_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
    }

    /** Creates the schema and migrates the read model's tables into it. */
    static void createReadModelSchema(DataSource dataSource, String schema) {
        try (Connection admin = dataSource.getConnection(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE SCHEMA " + plainSchema(schema));
        } catch (SQLException e) {
            throw new IllegalStateException("could not create schema " + schema, e);
        }
        Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema).createSchemas(false)
                .locations(READ_MODEL_MIGRATIONS).load().migrate();
    }

    /** Shared hold on the switch lock for the caller's transaction: a switch waits for it, and it for a switch. */
    static void holdSwitchShared(JdbcTemplate jdbc) {
        jdbc.query("SELECT pg_advisory_xact_lock_shared(?)", rs -> null, SWITCH_LOCK);
    }

    public Result run() throws SQLException {
        long started = System.nanoTime();
        String fresh = timestamped(liveSchema + "_rebuild");
        createReadModelSchema(dataSource, fresh);
        log.info("Rebuild: schema {} created; reading {} from the earliest offset", fresh, topic);

        Connection writing = dataSource.getConnection();
        String searchPath;
        try (Statement statement = writing.createStatement();
             var rs = statement.executeQuery("SELECT current_setting('search_path')")) {
            rs.next();
            searchPath = rs.getString(1);
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
            try (Statement statement = writing.createStatement()) {
                statement.execute("SET search_path TO " + fresh);
            }
            SingleConnectionDataSource target = new SingleConnectionDataSource(writing, true);
            JdbcTemplate jdbc = new JdbcTemplate(target);
            TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(target));

            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long total = end.entrySet().stream().mapToLong(e -> e.getValue() - begin.get(e.getKey())).sum();
            log.info("Rebuild: {} events in {} partitions up to now", total, partitions.size());
            Deferred deferred = deferFactLogIndexes(writing, fresh);
            // the new schema is nobody's until the switch, and a rebuild cut short starts again from the
            // beginning: its transactions need not wait for the disk; the switch's does, and with it all of theirs
            try (Statement statement = writing.createStatement()) {
                statement.execute("SET synchronous_commit TO off");
            }
            RebuildFill fill = new RebuildFill(jdbc, transaction);
            try (fill) {
                consumeUntil(consumer, end, fill::add, () -> fill.read, total, started);
                fill.filled();
            }
            log.info("Rebuild: {} events in the fact log; building its key", fill.read - fill.skipped);
            restoreKeys(writing, deferred.keys());
            fill.fold(dataSource, fresh, started);
            restore(writing, deferred.references());
            try (Statement statement = writing.createStatement()) {
                statement.execute("RESET synchronous_commit");
            }
            Applier applier = new Applier(ReadModelWriter.soleWriter(jdbc, transaction), transaction, fill);

            try (Connection switching = dataSource.getConnection()) {
                try (Statement statement = switching.createStatement()) {
                    statement.execute("SELECT pg_advisory_lock(" + SWITCH_LOCK + ")");
                }
                try {
                    Map<TopicPartition, Long> last = consumer.endOffsets(partitions);
                    long more = last.entrySet().stream().mapToLong(e -> e.getValue() - end.get(e.getKey())).sum();
                    log.info("Rebuild: live projector paused; catching up the last {} events", more);
                    consumeUntil(consumer, last, applier::apply, () -> applier.read, total + more, started);
                    switchOver(switching, fresh);
                } finally {
                    try (Statement statement = switching.createStatement()) {
                        statement.execute("SELECT pg_advisory_unlock(" + SWITCH_LOCK + ")");
                    }
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            log.info("Rebuild done in {} s: {} events read, {} applied, {} skipped; {} now serves the rebuilt model",
                    took.toSeconds(), applier.read, applier.applied, applier.skipped, liveSchema);
            return new Result(liveSchema, applier.read, applier.applied, applier.skipped, took);
        } finally {
            // the connection goes back to a pool: as it came
            try (var restore = writing.prepareStatement("SELECT set_config('search_path', ?, false)");
                 Statement reset = writing.createStatement()) {
                restore.setString(1, searchPath);
                restore.execute();
                reset.execute("RESET synchronous_commit");
            } finally {
                writing.close();
            }
        }
    }

    /**
     * Reads every partition up to its end offset, handing each poll's records to {@code sink}, with progress
     * logged every two seconds ({@code read}: how many the sink has taken).
     */
    private void consumeUntil(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end,
                              java.util.function.Consumer<List<ConsumerRecord<String, String>>> sink, LongSupplier read,
                              long total, long started) {
        long lastReport = System.nanoTime();
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
            List<ConsumerRecord<String, String>> batch = new ArrayList<>(records.count());
            for (ConsumerRecord<String, String> record : records) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < end.get(partition)) {
                    batch.add(record);
                }
            }
            sink.accept(batch);
            // a partition read past its end offset is paused, so that nothing beyond it is applied yet
            for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                if (consumer.position(e.getKey()) >= e.getValue()) {
                    consumer.seek(e.getKey(), e.getValue());
                }
            }
            if (System.nanoTime() - lastReport > 2_000_000_000L) {
                lastReport = System.nanoTime();
                double seconds = (lastReport - started) / 1e9;
                long done = read.getAsLong();
                log.info("Rebuild: {} of {} events read ({}%), {} events/s", done, total,
                        total == 0 ? 100 : done * 100 / total, Math.round(done / seconds));
            }
        }
    }

    /** The fact log's keys and indexes, built before the holders are folded from it; its references, after. */
    private record Deferred(List<String> keys, List<String> references) {
    }

    /**
     * Drops the fact log's indexes and key constraints in the new schema, for it to be filled without them: the
     * fill's first pass only appends to it. {@link #restoreKeys} builds the keys and indexes again once it is
     * filled (removing the second copy of an event delivered twice), and {@link #restore} the references once
     * the holders' rows are written.
     *
     * @return the statements that restore them, in their order: the keys and indexes, then the references
     */
    private static Deferred deferFactLogIndexes(Connection connection, String schema) throws SQLException {
        List<String> keys = new ArrayList<>();
        List<String> references = new ArrayList<>();
        List<String> drop = new ArrayList<>();
        String table = schema + "." + FACT_LOG;
        try (var query = connection.prepareStatement("SELECT c.conname, pg_get_constraintdef(c.oid), c.contype = 'f' "
                + "FROM pg_constraint c WHERE c.conrelid = to_regclass(?) AND c.contype IN ('p', 'u', 'f', 'x') "
                + "ORDER BY c.contype = 'f', c.conname")) {
            query.setString(1, table);
            try (var rs = query.executeQuery()) {
                while (rs.next()) {
                    drop.add("ALTER TABLE " + table + " DROP CONSTRAINT \"" + rs.getString(1) + "\"");
                    (rs.getBoolean(3) ? references : keys).add("ALTER TABLE " + table + " ADD CONSTRAINT \""
                            + rs.getString(1) + "\" " + rs.getString(2));
                }
            }
        }
        try (var query = connection.prepareStatement("SELECT i.indexrelid::regclass::text, "
                + "pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = to_regclass(?) "
                + "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1")) {
            query.setString(1, table);
            try (var rs = query.executeQuery()) {
                while (rs.next()) {
                    drop.add("DROP INDEX " + rs.getString(1));
                    keys.add(rs.getString(2));
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : drop.reversed()) {
                statement.execute(sql);
            }
        }
        log.info("Rebuild: {} is filled without its {} indexes and key constraints", table,
                keys.size() + references.size());
        return new Deferred(keys, references);
    }

    /**
     * Builds the fact log's keys and indexes again, in one transaction. If an event was delivered twice the key
     * cannot be built: then its second copies are removed, and the keys built.
     */
    private static void restoreKeys(Connection connection, List<String> statements) throws SQLException {
        connection.setAutoCommit(false);
        try {
            try {
                restore(connection, statements);
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                if (!"23505".equals(e.getSQLState())) {
                    throw e;
                }
                int removed = RebuildFill.removeRedeliveries(connection);
                log.info("Rebuild: {} events were delivered more than once; {} second copies removed", removed,
                        removed);
                restore(connection, statements);
                connection.commit();
            }
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Builds the fact log's indexes and key constraints again. */
    private static void restore(Connection connection, List<String> statements) throws SQLException {
        long started = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
        log.info("Rebuild: {} indexes and key constraints of the fact log built in {} ms", statements.size(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Moves the rebuilt tables into the live schema in place of the old ones, in one transaction. The schema
     * itself stays (connections keep their search path); a query that waited for the old tables' lock finds
     * the new ones by name once the transaction commits.
     */
    private void switchOver(Connection connection, String fresh) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            List<String> old = tables(connection, liveSchema);
            if (!old.isEmpty()) {
                statement.execute("LOCK TABLE " + qualified(liveSchema, old) + " IN ACCESS EXCLUSIVE MODE");
                statement.execute("DROP TABLE " + qualified(liveSchema, old) + " CASCADE");
            }
            for (String table : tables(connection, fresh)) {
                statement.execute("ALTER TABLE " + fresh + "." + table + " SET SCHEMA " + liveSchema);
            }
            statement.execute("DROP SCHEMA " + fresh);
            connection.commit();
            log.info("Rebuild: switched; {} serves the rebuilt tables, the old ones are dropped", liveSchema);
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static List<String> tables(Connection connection, String schema) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (var query = connection.prepareStatement("SELECT tablename FROM pg_tables WHERE schemaname = ? ORDER BY 1")) {
            query.setString(1, schema);
            try (var rs = query.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        return tables;
    }

    private static String qualified(String schema, List<String> tables) {
        return tables.stream().map(t -> schema + ".\"" + t + "\"").collect(java.util.stream.Collectors.joining(", "));
    }

    /**
     * Applies the events that came while the rebuild filled its schema, many to a transaction, as the live writer
     * does; a batch that fails is applied one by one to find the culprit. Counts on from the fill's figures.
     */
    private static final class Applier {
        private final ReadModelWriter writer;
        private final TransactionTemplate transaction;
        long read;
        long applied;
        long skipped;

        Applier(ReadModelWriter writer, TransactionTemplate transaction, RebuildFill fill) {
            this.writer = writer;
            this.transaction = transaction;
            this.read = fill.read;
            this.applied = fill.applied;
            this.skipped = fill.skipped;
        }

        void apply(List<ConsumerRecord<String, String>> records) {
            List<HolderEventEnvelope> events = new ArrayList<>(records.size());
            for (ConsumerRecord<String, String> record : records) {
                try {
                    events.add(RebuildFill.envelope(record));
                } catch (MalformedMessageException e) {
                    skipped++;
                    RebuildFill.setAside(record, e);
                }
            }
            read += records.size() - events.size();
            for (int from = 0; from < events.size(); from += EVENTS_PER_TRANSACTION) {
                List<HolderEventEnvelope> chunk = events.subList(from, Math.min(events.size(), from + EVENTS_PER_TRANSACTION));
                try {
                    long done = transaction.execute(status -> writer.applyAllInTransaction(chunk).stream()
                            .filter(outcome -> outcome == ApplyOutcome.APPLIED).count());
                    applied += done;
                } catch (MalformedMessageException | SequenceGapException e) {
                    for (HolderEventEnvelope event : chunk) {
                        try {
                            if (writer.apply(event) == ApplyOutcome.APPLIED) {
                                applied++;
                            }
                        } catch (MalformedMessageException | SequenceGapException bad) {
                            skipped++;
                            log.warn("Rebuild: {}#{} skipped, as the live projector dead-letters it: {}",
                                    event.holderId(), event.sequence(), bad.getMessage());
                        }
                    }
                }
                read += chunk.size();
            }
        }
    }
}
