package ledger.permit.projector;

import com.zaxxer.hikari.HikariDataSource;
import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.wire.HolderEventCodec;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.PostgresTokenTableFactory;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A reference measurement beside {@link ReadModelRebuild}, not a part of the service: the same read model, built
 * by the same {@link ReadModelWriter}, but fed the way a stock Axon application builds a projection: Axon's
 * pooled streaming processor with its default settings (16 segments, one event per batch and transaction, the
 * default worker pool), reading the event store from its first event, its tokens in a JDBC token store, each
 * event applied in the processor's own transaction. It builds into a scratch schema, reports how long it took and
 * how much it built beside the live read model, and drops the scratch schema; the live read model is not touched.
 */
final class AxonReplay {

    private static final Logger log = LoggerFactory.getLogger(AxonReplay.class);
    private static final Duration STALLED = Duration.ofSeconds(120);

    /**
     * What the replay did: events applied of the total stored, the rows it built, and the live read model's rows
     * beside them (comparable only if it applied every event).
     */
    record Result(long events, long total, Duration took, long holders, long factRows, long liveHolders,
                  long liveFactRows) {
        boolean complete() {
            return events >= total;
        }
    }

    private final DataSourceProperties database;
    private final String eventStoreSchema;
    private final String liveSchema;
    private final Duration timeLimit;

    /** {@code timeLimit}: the replay stops there, with the events applied so far, if it has not finished. */
    AxonReplay(DataSourceProperties database, String eventStoreSchema, String liveSchema, Duration timeLimit) {
        this.database = database;
        this.timeLimit = timeLimit;
        this.eventStoreSchema = ReadModelRebuild.plainSchema(eventStoreSchema);
        this.liveSchema = ReadModelRebuild.plainSchema(liveSchema);
    }

    Result run() throws InterruptedException {
        String scratch = ReadModelRebuild.timestamped(liveSchema + "_axon_replay");
        try (HikariDataSource pool = database.initializeDataSourceBuilder().type(HikariDataSource.class).build()) {
            pool.setPoolName("axon-replay");
            pool.setConnectionInitSql("SET search_path TO " + scratch);
            JdbcTemplate jdbc = new JdbcTemplate(pool);
            ReadModelRebuild.createReadModelSchema(pool, scratch);
            try {
                return replayInto(scratch, pool, jdbc);
            } finally {
                jdbc.execute("DROP SCHEMA " + scratch + " CASCADE");
                log.info("Axon replay: scratch schema {} dropped", scratch);
            }
        }
    }

    private Result replayInto(String scratch, HikariDataSource pool, JdbcTemplate jdbc) throws InterruptedException {
        long[] head = jdbc.queryForObject("SELECT count(*), coalesce(max(globalindex), -1) FROM " + eventStoreSchema
                + ".domainevententry", (rs, row) -> new long[]{rs.getLong(1), rs.getLong(2)});
        long total = head[0];
        log.info("Axon replay: {} stored events up to global index {}, into scratch schema {}", total, head[1], scratch);

        DataSourceTransactionManager transactions = new DataSourceTransactionManager(pool);
        SpringTransactionManager axonTransactions = new SpringTransactionManager(transactions);
        SpringDataSourceConnectionProvider connections = new SpringDataSourceConnectionProvider(pool);
        // the command service stores events with Axon's Jackson serializer and this mapper
        Serializer serializer = JacksonSerializer.builder().objectMapper(HolderEventCodec.newMapper()).build();
        JdbcTokenStore tokens = JdbcTokenStore.builder().connectionProvider(connections).serializer(serializer)
                .schema(TokenSchema.builder().setTokenTable(scratch + ".tokenentry").build()).build();
        tokens.createSchema(PostgresTokenTableFactory.INSTANCE);
        JdbcEventStorageEngine storage = JdbcEventStorageEngine.builder().connectionProvider(connections)
                .transactionManager(axonTransactions).eventSerializer(serializer).snapshotSerializer(serializer)
                .schema(EventSchema.builder().eventTable(eventStoreSchema + ".domainevententry")
                        .snapshotTable(eventStoreSchema + ".snapshotevententry").build())
                .build();
        Projection projection = new Projection(new ReadModelWriter(jdbc, new TransactionTemplate(transactions)),
                head[1]);

        Configurer configurer = DefaultConfigurer.defaultConfiguration()
                .configureSerializer(c -> serializer)
                .configureEventSerializer(c -> serializer)
                .configureTransactionManager(c -> axonTransactions)
                .configureEmbeddedEventStore(c -> storage);
        configurer.eventProcessing(processing -> processing.usingPooledStreamingEventProcessors()
                .registerTokenStore(c -> tokens)
                .registerEventHandler(c -> projection));
        Configuration axon = configurer.buildConfiguration();

        long started = System.nanoTime();
        axon.start();
        try {
            long seen = -1;
            long progressAt = System.nanoTime();
            long reportAt = progressAt;
            while (projection.committed.get() < total) {
                Thread.sleep(200);
                long now = System.nanoTime();
                if (now - started > timeLimit.toNanos()) {
                    log.info("Axon replay: stopped at its time limit of {} s", timeLimit.toSeconds());
                    break;
                }
                long committed = projection.committed.get();
                if (committed != seen) {
                    seen = committed;
                    progressAt = now;
                } else if (now - progressAt > STALLED.toNanos()) {
                    throw new IllegalStateException("Axon's processor applied nothing for " + STALLED.toSeconds()
                            + " s, at " + committed + " of " + total + " events");
                }
                if (now - reportAt > 5_000_000_000L) {
                    reportAt = now;
                    log.info("Axon replay: {} of {} events, {} events/s", committed, total,
                            Math.round(committed / ((now - started) / 1e9)));
                }
            }
        } finally {
            axon.shutdown();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        long events = projection.committed.get();
        long[] built = counts(jdbc, scratch);
        long[] live = counts(jdbc, liveSchema);
        log.info("Axon replay done in {} s: {} of {} events; {} holders and {} fact rows (the live read model has {} "
                + "and {})", took.toSeconds(), events, total, built[0], built[1], live[0], live[1]);
        return new Result(events, total, took, built[0], built[1], live[0], live[1]);
    }

    private static long[] counts(JdbcTemplate jdbc, String schema) {
        return jdbc.queryForObject("SELECT (SELECT count(*) FROM " + schema + ".holder), (SELECT count(*) FROM "
                + schema + ".holder_event)", (rs, row) -> new long[]{rs.getLong(1), rs.getLong(2)});
    }

    /** The handler Axon's processor calls: each event applied in the processor's transaction, counted once committed. */
    @ProcessingGroup("axon-replay")
    static final class Projection {
        private final ReadModelWriter writer;
        private final long head;
        final AtomicLong committed = new AtomicLong();

        Projection(ReadModelWriter writer, long head) {
            this.writer = writer;
            this.head = head;
        }

        @EventHandler
        void on(HolderEvent event, DomainEventMessage<?> message, TrackingToken token) {
            writer.applyInTransaction(HolderEventCodec.envelope(message.getIdentifier(), message.getSequenceNumber(),
                    message.getTimestamp(), event));
            if (token.position().orElse(Long.MAX_VALUE) <= head) {
                CurrentUnitOfWork.get().afterCommit(unitOfWork -> committed.incrementAndGet());
            }
        }
    }
}
