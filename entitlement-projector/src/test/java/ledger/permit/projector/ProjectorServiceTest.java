package ledger.permit.projector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.wire.HolderEventCodec;
import ledger.permit.contracts.wire.HolderEventEnvelope;
import ledger.permit.projector.publication.OutboxRelay;
import ledger.permit.projector.publication.Pseudonyms;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The projector as it runs, on real PostgreSQL and a real Kafka broker: the public topics after restarts,
 * two instances sharing one topic, and a rebuild switched in while the read model is being read.
 */
class ProjectorServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static EmbeddedKafkaKraftBroker kafka;

    @BeforeAll
    static void startKafka() {
        kafka = new EmbeddedKafkaKraftBroker(1, 6);
        kafka.brokerProperty("auto.create.topics.enable", "false");
        kafka.brokerProperty("transaction.state.log.replication.factor", "1");
        kafka.brokerProperty("transaction.state.log.min.isr", "1");
        kafka.afterPropertiesSet();
        TestDatabase.get();
    }

    @AfterAll
    static void stopKafka() {
        kafka.destroy();
    }

    @Test
    void a_change_caused_by_time_alone_reaches_the_change_topic_on_its_day_once_across_restarts() throws Exception {
        Topics topics = Topics.named("time");
        HolderId holder = new HolderId(UUID.randomUUID());
        CitizenId citizen = Histories.newCitizen();
        String key = Pseudonyms.fromBase64(PublicationTest.KEY).of(citizen.value());
        List<HolderEventEnvelope> history = Histories.worker(holder, citizen, 0); // first anniversary 2026-03-15
        produce(topics.internal(), history);

        try (var dayBefore = projector(topics, "read_model", LocalDate.of(2026, 3, 14))) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    changes(topics, key).stream().filter(c -> c.path("serviceCode").asText().equals("LABOUR_EMPLOYMENT")))
                    .extracting(c -> c.path("change").asText()).containsExactly("GRANTED"));
            Thread.sleep(2_500); // more than two check intervals: nothing is due before the anniversary
            assertThat(changes(topics, key)).noneMatch(c -> c.path("change").asText().equals("SUSPENDED"));
            assertThat(dayBefore.getBean(JdbcTemplate.class).queryForObject("SELECT next_check_on FROM "
                    + "publication.holder_publication WHERE holder_id = ?", LocalDate.class, holder.value()))
                    .as("the next check is the anniversary").isEqualTo(LocalDate.of(2026, 3, 15));
        }
        try (var onTheDay = projector(topics, "read_model", LocalDate.of(2026, 3, 15))) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    changes(topics, key).stream().filter(c -> c.path("serviceCode").asText().equals("LABOUR_EMPLOYMENT")))
                    .extracting(c -> c.path("change").asText()).containsExactly("GRANTED", "SUSPENDED"));
        }
        try (var sameDayAgain = projector(topics, "read_model", LocalDate.of(2026, 3, 15))) {
            JdbcTemplate jdbc = sameDayAgain.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "SELECT judged_on FROM publication.holder_publication WHERE holder_id = ?", LocalDate.class,
                    holder.value()).equals(LocalDate.of(2026, 3, 15)) && pending(jdbc) == 0);
            Thread.sleep(2_500);
        }
        List<JsonNode> changes = changes(topics, key);
        assertThat(changes).extracting(c -> c.path("messageId").asText()).doesNotHaveDuplicates();
        JsonNode suspension = changes.stream().filter(c -> c.path("serviceCode").asText().equals("LABOUR_EMPLOYMENT")
                && c.path("change").asText().equals("SUSPENDED")).findFirst().orElseThrow();
        assertThat(suspension.path("effectiveMonth").asText()).isEqualTo("2026-03");
        assertThat(suspension.path("decidedMonth").asText()).isEqualTo("2026-03");
        assertThat(suspension.path("cause").path("kind").asText()).isEqualTo("anniversary");
        assertThat(facts(topics, key)).extracting(f -> f.path("messageId").asText())
                .containsExactlyElementsOf(history.stream().map(HolderEventEnvelope::eventId).toList());
    }

    @Test
    void a_malformed_message_amid_a_poll_is_set_aside_and_every_event_around_it_is_applied_once() throws Exception {
        Topics topics = Topics.named("poison");
        String schema = "read_model_poison";
        HolderId first = new HolderId(UUID.randomUUID());
        List<HolderEventEnvelope> before = Histories.worker(first, Histories.newCitizen(), 6);
        List<HolderEventEnvelope> after = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            after.addAll(Histories.worker(new HolderId(UUID.randomUUID()), Histories.newCitizen(), 6));
        }
        // all on the topic before the projector starts, so that its first polls hold the bad one among good ones
        produce(topics.internal(), before);
        produceRaw(topics.internal(), first.toString(), "{\"notAnEvent\": true}");
        produce(topics.internal(), after);
        try (var projector = projector(topics, schema, LocalDate.of(2026, 1, 10))) {
            JdbcTemplate jdbc = projector.getBean(JdbcTemplate.class);
            int events = before.size() + after.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> applied(jdbc) == events);
            await().atMost(Duration.ofSeconds(30)).until(() -> !readAll(topics.internal() + ".dlt").isEmpty());
            assertThat(readAll(topics.internal() + ".dlt")).extracting(m -> m.path("notAnEvent").asBoolean())
                    .containsExactly(true);
            assertThat(jdbc.queryForObject("SELECT count(DISTINCT event_id) FROM holder_event", Long.class))
                    .isEqualTo(events);
        }
    }

    @Test
    void a_rebuild_sets_aside_what_the_live_projector_sets_aside_and_keeps_an_event_sent_twice_once()
            throws Exception {
        Topics topics = Topics.named("aside");
        String schema = "read_model_aside";
        HolderId whole = new HolderId(UUID.randomUUID());
        List<HolderEventEnvelope> wholeHistory = Histories.worker(whole, Histories.newCitizen(), 6);
        List<HolderEventEnvelope> gapped = new ArrayList<>(
                Histories.worker(new HolderId(UUID.randomUUID()), Histories.newCitizen(), 6));
        gapped.remove(3); // never sent: the four events after it are out of sequence
        List<HolderEventEnvelope> foreign = new ArrayList<>(
                Histories.worker(new HolderId(UUID.randomUUID()), Histories.newCitizen(), 2));
        HolderEventEnvelope third = foreign.get(2);
        foreign.set(2, new HolderEventEnvelope(third.eventId(), third.type(), third.version(), third.holderId(),
                third.sequence(), third.recordedAt(), wholeHistory.get(2).payload())); // another holder's event
        produce(topics.internal(), wholeHistory.subList(0, 4));
        produceRaw(topics.internal(), whole.toString(), "{\"notAnEvent\": true}");
        produce(topics.internal(), wholeHistory.subList(2, wholeHistory.size())); // two of them a second time
        produce(topics.internal(), gapped);
        produce(topics.internal(), foreign);
        int applied = wholeHistory.size() + 3 + 2;
        int setAside = 1 + 4 + 2;

        try (var projector = projector(topics, schema, LocalDate.of(2026, 1, 10))) {
            JdbcTemplate jdbc = projector.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> applied(jdbc) == applied);
            await().atMost(Duration.ofSeconds(60)).until(() -> readAll(topics.internal() + ".dlt").size() == setAside);
            Map<String, Object> live = snapshot(jdbc);

            var result = new ReadModelRebuild(projector.getBean(javax.sql.DataSource.class),
                    projector.getBean(KafkaProperties.class).buildConsumerProperties(null), topics.internal(), schema)
                    .run();

            assertThat(result.events()).isEqualTo(wholeHistory.size() + 1 + 2 + gapped.size() + foreign.size());
            assertThat(result.applied()).isEqualTo(applied);
            assertThat(result.skipped()).isEqualTo(setAside);
            assertThat(snapshot(jdbc)).isEqualTo(live);
        }
    }

    @Test
    void two_projectors_share_a_topic_and_one_stopping_mid_stream_loses_and_doubles_nothing() throws Exception {
        Topics topics = Topics.named("scale");
        String schema = "read_model_scale";
        List<HolderEventEnvelope> events = new ArrayList<>();
        Set<String> keys = new java.util.HashSet<>();
        for (int i = 0; i < 150; i++) {
            CitizenId citizen = Histories.newCitizen();
            keys.add(Pseudonyms.fromBase64(PublicationTest.KEY).of(citizen.value()));
            events.addAll(Histories.worker(new HolderId(UUID.randomUUID()), citizen, 10));
        }
        LocalDate today = LocalDate.of(2026, 1, 10);
        try (var first = projector(topics, schema, today); var second = projector(topics, schema, today)) {
            shareAndRebuild(topics, schema, events, keys, first, second);
        }
    }

    private void shareAndRebuild(Topics topics, String schema, List<HolderEventEnvelope> events, Set<String> keys,
                                 ConfigurableApplicationContext first, ConfigurableApplicationContext second)
            throws Exception {
        JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
        int third = events.size() / 3;
        produce(topics.internal(), events.subList(0, third));
        await().atMost(Duration.ofSeconds(120)).until(() -> applied(jdbc) >= third / 2);
        first.close(); // mid-stream: its partitions go to the second, and two thirds are still to come
        long atStop = applied(jdbc);
        produce(topics.internal(), events.subList(third, events.size()));
        await().atMost(Duration.ofSeconds(180)).until(() -> applied(jdbc) == events.size());
        assertThat(atStop).isLessThan(events.size());

        Map<String, Object> live = snapshot(jdbc);
        await().atMost(Duration.ofSeconds(60)).until(() -> pending(jdbc) == 0);
        List<JsonNode> published = readAll(topics.facts()).stream().filter(f -> keys.contains(f.path("holderKey").asText()))
                .toList();
        assertThat(published).extracting(f -> f.path("messageId").asText()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(events.stream().map(HolderEventEnvelope::eventId).toList());

        // a single-instance rebuild from the earliest offset, switched in while the read model is being read
        // and while the live projector goes on applying new events
        AtomicLong reads = new AtomicLong();
        AtomicReference<Throwable> readFailure = new AtomicReference<>();
        DriverManagerDataSource reader = new DriverManagerDataSource(TestDatabase.url(schema), "postgres", "");
        AtomicReference<Boolean> stop = new AtomicReference<>(false);
        var threads = java.util.concurrent.Executors.newCachedThreadPool();
        var reading = CompletableFuture.runAsync(() -> {
            JdbcTemplate queries = new JdbcTemplate(reader);
            while (!stop.get() && readFailure.get() == null) {
                try {
                    Long n = queries.queryForObject("SELECT count(*) FROM holder_event", Long.class);
                    if (n == null || n < events.size()) {
                        readFailure.set(new AssertionError("a query saw " + n + " events"));
                    }
                    reads.incrementAndGet();
                } catch (RuntimeException e) {
                    readFailure.set(e);
                }
            }
        }, threads);
        List<HolderEventEnvelope> later = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            later.addAll(Histories.worker(new HolderId(UUID.randomUUID()), Histories.newCitizen(), 10));
        }
        var producingLater = CompletableFuture.runAsync(() -> {
            for (int from = 0; from < later.size(); from += 12) { // a holder at a time, while the rebuild runs
                produce(topics.internal(), later.subList(from, Math.min(later.size(), from + 12)));
            }
        }, threads);
        var result = new ReadModelRebuild(second.getBean(javax.sql.DataSource.class),
                second.getBean(KafkaProperties.class).buildConsumerProperties(null), topics.internal(), schema).run();
        producingLater.join();
        await().atMost(Duration.ofSeconds(120)).until(() -> applied(jdbc) == events.size() + later.size());
        stop.set(true);
        reading.join();
        threads.shutdown();
        assertThat(readFailure.get()).isNull();
        assertThat(reads.get()).isPositive();
        assertThat(result.applied()).isGreaterThanOrEqualTo(events.size());

        // the switched-in model, with the later events the live projector applied, equals a fresh rebuild
        Map<String, Object> afterSwitch = snapshot(jdbc);
        new ReadModelRebuild(second.getBean(javax.sql.DataSource.class),
                second.getBean(KafkaProperties.class).buildConsumerProperties(null), topics.internal(), schema).run();
        assertThat(snapshot(jdbc)).isEqualTo(afterSwitch);
        assertThat(live.get("events").toString().length()).isLessThan(afterSwitch.get("events").toString().length());
    }

    @Test
    void the_relay_after_a_stop_sends_a_batch_the_topic_lacks_and_not_one_it_has_then_empties_the_outbox()
            throws Exception {
        String topic = "relay.public.facts";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(TestDatabase.url("publication"), "postgres", ""));
        String key = "relay-" + UUID.randomUUID();
        List<Long> ids = new ArrayList<>();
        for (int m = 1; m <= 6; m++) {
            ids.add(jdbc.queryForObject("INSERT INTO publication.outbox (stream, message_key, message_id, message_type, "
                    + "message_version, payload) VALUES ('holder-facts', ?, ?, 'HolderFact', 1, ?) RETURNING id",
                    Long.class, key, key + "/" + m, "{\"messageId\":\"" + key + "/" + m + "\"}"));
        }
        // a relay stopped twice: after the Kafka commit of its batch of the first three, and before that of the next two
        UUID committed = UUID.randomUUID();
        UUID aborted = UUID.randomUUID();
        jdbc.update("INSERT INTO publication.outbox_batch (batch_id, ids) VALUES (?, ?), (?, ?)",
                committed, ids.subList(0, 3).toArray(Long[]::new), aborted, ids.subList(3, 5).toArray(Long[]::new));
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "relay-before-the-stop",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> before = new KafkaProducer<>(config)) {
            before.initTransactions();
            before.beginTransaction();
            sendAsBatch(before, topic, key, committed, 1, 3);
            before.commitTransaction();
            before.beginTransaction();
            sendAsBatch(before, topic, key, aborted, 4, 5);
            before.flush();
            before.abortTransaction();
        }

        OutboxRelay relay = new OutboxRelay(jdbc.getDataSource(),
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString()),
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString()),
                "relay-after-the-stop", Map.of("holder-facts", topic, "entitlement-changes", "relay.public.changes"),
                new SimpleMeterRegistry());
        relay.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject("SELECT count(*) FROM "
                    + "publication.outbox WHERE message_key = ?", Long.class, key) == 0);
        } finally {
            relay.stop();
        }
        assertThat(readAll(topic)).extracting(m -> m.path("messageId").asText()).filteredOn(m -> m.startsWith(key))
                .containsExactly(key + "/1", key + "/2", key + "/3", key + "/4", key + "/5", key + "/6");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM publication.outbox_batch", Long.class))
                .as("no batch left recorded").isZero();
    }

    /** Messages {@code first} to {@code last} of {@code key}, as the relay sends them in batch {@code batch}. */
    private static void sendAsBatch(KafkaProducer<String, String> producer, String topic, String key, UUID batch,
                                    int first, int last) {
        for (int m = first; m <= last; m++) {
            var record = new ProducerRecord<>(topic, key, "{\"messageId\":\"" + key + "/" + m + "\"}");
            record.headers().add("outbox-batch", batch.toString().getBytes(StandardCharsets.UTF_8));
            producer.send(record);
        }
    }

    private record Topics(String internal, String facts, String changes) {
        static Topics named(String name) {
            Topics topics = new Topics(name + ".holder-events", name + ".public.facts", name + ".public.changes");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString()))) {
                admin.createTopics(List.of(new NewTopic(topics.internal(), 6, (short) 1))).all().get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return topics;
        }
    }

    private static ConfigurableApplicationContext projector(Topics topics, String schema, LocalDate today) {
        Duration shift = Duration.between(Instant.now(), today.atTime(LocalTime.NOON).atZone(SHANGHAI).toInstant());
        // as arguments: they override application.yml, as a deployment's settings do
        return new SpringApplicationBuilder(EntitlementProjectorApplication.class).run(
                "--server.port=0",
                // no token is sent here: a key set address the decoder never has to fetch
                "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:9/no-tokens-in-this-test",
                "--spring.datasource.url=" + TestDatabase.url(schema),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--spring.flyway.schemas=" + schema,
                "--spring.flyway.default-schema=" + schema,
                "--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--spring.kafka.consumer.group-id=" + topics.internal() + ".projector",
                "--ledger.read-model-schema=" + schema,
                "--ledger.holder-events-topic=" + topics.internal(),
                "--ledger.dead-letter-topic=" + topics.internal() + ".dlt",
                "--ledger.public-facts-topic=" + topics.facts(),
                "--ledger.public-changes-topic=" + topics.changes(),
                "--ledger.pseudonym-key=" + PublicationTest.KEY,
                "--ledger.clock-shift=" + shift.toSeconds() + "s",
                "--ledger.check-interval=1s",
                // these tests are about delivery: every holder in a class of its own, published at once
                "--ledger.public-k=1");
    }

    private static void produce(String topic, List<HolderEventEnvelope> events) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (HolderEventEnvelope event : events) {
                producer.send(new ProducerRecord<>(topic, event.holderId(), HolderEventCodec.write(event)));
            }
        }
    }

    private static void produceRaw(String topic, String key, String value) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(topic, key, value));
        }
    }

    private static List<JsonNode> changes(Topics topics, String key) {
        return readAll(topics.changes()).stream().filter(c -> c.path("holderKey").asText().equals(key)).toList();
    }

    private static List<JsonNode> facts(Topics topics, String key) {
        return readAll(topics.facts()).stream().filter(c -> c.path("holderKey").asText().equals(key)).toList();
    }

    /** Every committed message of the topic, in partition order (so in order per key). */
    static List<JsonNode> readAll(String topic) {
        Map<String, Object> config = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        List<JsonNode> messages = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            var partitions = consumer.partitionsFor(topic);
            if (partitions == null || partitions.isEmpty()) {
                return messages;
            }
            List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
            while (assigned.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        messages.add(JSON.readTree(record.value()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return messages;
    }

    private static long applied(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT count(*) FROM holder_event", Long.class);
    }

    private static long pending(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT count(*) FROM publication.outbox", Long.class);
    }

    /** The read model's content, without the wall-clock column. */
    private static Map<String, Object> snapshot(JdbcTemplate jdbc) {
        return Map.of(
                "holders", jdbc.queryForList("SELECT holder_id, citizen_id, jurisdiction, permit_status, facts::text, "
                        + "last_sequence, last_event_id, last_recorded_at FROM holder ORDER BY holder_id"),
                "events", jdbc.queryForList("SELECT holder_id, sequence, event_id, type, version, recorded_at, "
                        + "payload::text FROM holder_event ORDER BY holder_id, sequence"));
    }
}
