package ledger.permit.projector.publication;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sends the outbox to the public topics, in id order, exactly once, and removes what it sent: the outbox holds only
 * what is still to send. One relay leads at a time (a PostgreSQL advisory lock held on its own connection; a second
 * projector instance waits). Each batch's id and row keys are recorded in {@code outbox_batch}, the batch is sent
 * in one Kafka transaction under a fixed transactional id (which fences any older producer), then its rows and its
 * record are deleted in one statement. After a crash between the Kafka commit and the delete, the next leader finds
 * the batch id on the topic and deletes the rows instead of sending them again.
 */
public final class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** The advisory lock that makes one relay the leader ("outbox" in ASCII). */
    static final long LEADER_LOCK = 0x6f7574626f78L;
    static final String BATCH_HEADER = "outbox-batch";
    /**
     * Messages per Kafka transaction. Each batch's search starts at the front of the outbox's key index, through the
     * entries of the rows deleted since the last vacuum; after a bulk catch-up (millions of messages) that search cost
     * more than sending 500 messages, so a batch is larger.
     */
    static final int BATCH_SIZE = 5_000;
    /** The query of {@link #unsentAtMost}, one row and column. */
    private static final String UNSENT_AT_MOST = "SELECT coalesce(max(id) - min(id) + 1, 0) FROM publication.outbox";

    /**
     * The rows to send, each with the start of the month it was written in (UTC) as its record's time: the record's
     * time would otherwise say the day and the second of what the message gives only the month of.
     */
    private static final String SELECT_ROWS = "SELECT id, stream, message_key, message_id, message_type, "
            + "message_version, payload, (extract(epoch FROM date_trunc('month', created_at, 'UTC')) * 1000)::bigint "
            + "AS month_millis FROM publication.outbox ";

    /** Deletes a sent batch's rows and its record in one statement: both or neither. */
    private static final String DELETE_SENT = "WITH sent AS (DELETE FROM publication.outbox_batch WHERE batch_id = ? "
            + "RETURNING ids) DELETE FROM publication.outbox WHERE id = ANY ((SELECT ids FROM sent)::bigint[])";

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final Map<String, Object> producerConfig;
    private final Map<String, Object> consumerConfig;
    private final Map<String, String> topics;
    private final MeterRegistry meters;
    private volatile boolean running;
    private Thread thread;

    /**
     * @param topics the topic of each outbox stream
     */
    public OutboxRelay(DataSource dataSource, Map<String, Object> producerConfig, Map<String, Object> consumerConfig,
                       String transactionalId, Map<String, String> topics, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.producerConfig = new HashMap<>(producerConfig);
        this.producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        this.producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        this.producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        this.consumerConfig = new HashMap<>(consumerConfig);
        this.consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        this.consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        this.topics = Map.copyOf(topics);
        this.meters = meters;
        Gauge.builder("ledger.publication.outbox.pending", this, OutboxRelay::pending)
                .description("unsent public messages, at most (see unsentAtMost)").register(meters);
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = Thread.ofPlatform().name("outbox-relay").daemon().start(this::run);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            try {
                // the loop notices within a pause or a batch; an interrupt only if it does not
                if (!thread.join(Duration.ofSeconds(20))) {
                    thread.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the listener containers: stops first, starts last. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200;
    }

    private void run() {
        long backOff = 500;
        while (running) {
            try (Connection leadership = dataSource.getConnection()) {
                if (!tryLead(leadership)) {
                    pause(1_000);
                    continue;
                }
                log.info("Outbox relay leads: sending the outbox to {}", topics.values());
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
                    producer.initTransactions();
                    recover(producer);
                    backOff = 500;
                    while (running && leadership.isValid(2)) {
                        if (relayBatch(producer) == 0) {
                            pause(200);
                        }
                    }
                } finally {
                    unlock(leadership);
                }
            } catch (RuntimeException | SQLException e) {
                if (!running) {
                    break;
                }
                log.warn("Outbox relay interrupted ({}); retrying in {} ms", e.toString(), backOff);
                pause(backOff);
                backOff = Math.min(backOff * 2, 30_000);
            }
        }
    }

    private int relayBatch(KafkaProducer<String, String> producer) {
        List<Row> rows = jdbc.query(SELECT_ROWS + "ORDER BY id LIMIT " + BATCH_SIZE, OutboxRelay::row);
        if (rows.isEmpty()) {
            return 0;
        }
        UUID batch = UUID.randomUUID();
        jdbc.update("INSERT INTO publication.outbox_batch (batch_id, ids) VALUES (?, ?)", batch, ids(rows));
        producer.beginTransaction();
        for (Row row : rows) {
            producer.send(record(producer, row, batch));
        }
        producer.commitTransaction();
        jdbc.update(DELETE_SENT, batch);
        rows.forEach(row -> meters.counter("ledger.publication.messages", "stream", row.stream()).increment());
        log.debug("Outbox batch {}: {} messages sent", batch, rows.size());
        return rows.size();
    }

    private static Long[] ids(List<Row> rows) {
        return rows.stream().map(Row::id).toArray(Long[]::new);
    }

    /**
     * A batch still recorded was being sent when the last leader stopped. The new producer's
     * {@code initTransactions} has settled that transaction: committed (found on the topic) or aborted.
     */
    private void recover(KafkaProducer<String, String> producer) {
        List<UUID> batches = jdbc.queryForList("SELECT batch_id FROM publication.outbox_batch ORDER BY created_at",
                UUID.class);
        for (UUID batch : batches) {
            List<Row> rows = jdbc.query(SELECT_ROWS + "WHERE id = ANY ((SELECT ids FROM publication.outbox_batch "
                    + "WHERE batch_id = ?)::bigint[]) ORDER BY id", OutboxRelay::row, batch);
            if (!rows.isEmpty() && onTopic(producer, batch, rows)) {
                jdbc.update(DELETE_SENT, batch);
                log.info("Outbox batch {} ({} messages) was sent before a stop: removed, not sent again",
                        batch, rows.size());
            } else {
                jdbc.update("DELETE FROM publication.outbox_batch WHERE batch_id = ?", batch);
                log.info("Outbox batch {} ({} messages) never reached the topic: it will be sent", batch, rows.size());
            }
        }
    }

    /** Whether the batch's records are the last committed records of one of its partitions. */
    private boolean onTopic(KafkaProducer<String, String> producer, UUID batch, List<Row> rows) {
        Map<TopicPartition, Integer> counts = new HashMap<>();
        for (Row row : rows) {
            ProducerRecord<String, String> record = record(producer, row, batch);
            counts.merge(new TopicPartition(record.topic(), record.partition()), 1, Integer::sum);
        }
        Map.Entry<TopicPartition, Integer> probe = counts.entrySet().iterator().next();
        TopicPartition partition = probe.getKey();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long begin = consumer.beginningOffsets(List.of(partition)).get(partition);
            consumer.seek(partition, Math.max(begin, end - probe.getValue() - 2));
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    Header header = record.headers().lastHeader(BATCH_HEADER);
                    if (header != null && batch.toString().equals(new String(header.value(), StandardCharsets.UTF_8))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private ProducerRecord<String, String> record(KafkaProducer<String, String> producer, Row row, UUID batch) {
        String topic = topics.get(row.stream());
        if (topic == null) {
            throw new IllegalStateException("outbox row " + row.id() + " names no known stream: " + row.stream());
        }
        int partitions = producer.partitionsFor(topic).size();
        // what Kafka's default partitioner does for a keyed record, written out so that recovery knows it
        int partition = Utils.toPositive(Utils.murmur2(row.key().getBytes(StandardCharsets.UTF_8))) % partitions;
        return new ProducerRecord<>(topic, partition, row.monthMillis(), row.key(), row.payload(), List.of(
                header("message-type", row.type()), header("message-version", Integer.toString(row.version())),
                header("message-id", row.messageId()), header(BATCH_HEADER, batch.toString())));
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static Row row(ResultSet rs, int rowNumber) throws SQLException {
        return new Row(rs.getLong("id"), rs.getString("stream"), rs.getString("message_key"),
                rs.getString("message_id"), rs.getString("message_type"), rs.getInt("message_version"),
                rs.getString("payload"), rs.getLong("month_millis"));
    }

    private double pending() {
        try {
            return unsentAtMost(jdbc);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * How many messages are unsent, at most: from the outbox's first key to its last (it holds only unsent messages;
     * keys a rolled-back transaction took are counted too). Two reads of the ends of its key's index, where counting
     * its rows takes seconds with millions of them.
     */
    public static long unsentAtMost(JdbcTemplate jdbc) {
        Long n = jdbc.queryForObject(UNSENT_AT_MOST, Long.class);
        return n == null ? 0 : n;
    }

    private static boolean tryLead(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            lock.setLong(1, LEADER_LOCK);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static void unlock(Connection connection) {
        try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            unlock.setLong(1, LEADER_LOCK);
            unlock.execute();
        } catch (SQLException e) {
            log.debug("advisory unlock failed (the connection is gone, and the lock with it): {}", e.toString());
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Row(long id, String stream, String key, String messageId, String type, int version,
                       String payload, long monthMillis) {
    }
}
