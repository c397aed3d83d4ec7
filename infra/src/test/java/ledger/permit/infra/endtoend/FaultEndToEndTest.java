package ledger.permit.infra.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.permit.contracts.wire.HolderEventCodec;
import ledger.permit.infra.local.EmbeddedPostgresServer;
import ledger.permit.infra.local.LedgerClient;
import ledger.permit.infra.local.LedgerClient.Response;
import ledger.permit.infra.local.LedgerServices;
import ledger.permit.infra.local.LocalTokens;
import ledger.permit.infra.local.PseudonymKey;
import ledger.permit.infra.tools.StatisticsConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults on a system of its own: the Kafka broker stopping while commands keep coming, the projector killed
 * in the middle of its work, PostgreSQL restarting under load. Each ends with: every accepted fact is in the
 * event store once, and the read model holds exactly the store's events. The broker runs in a JVM of its own
 * with its log on disk, so that it can stop and come back with its data.
 */
class FaultEndToEndTest extends LedgerTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How often each status other than 200 answered the load. */
    private final Map<Integer, Integer> refusals = new ConcurrentHashMap<>();

    @TempDir
    Path data;

    private EmbeddedPostgresServer postgres;
    private KafkaBrokerProcess kafka;
    private LedgerServices services;

    @BeforeEach
    void start() {
        // a fixed port, so that PostgreSQL can come back on it
        postgres = FreePorts.withRetry(() -> EmbeddedPostgresServer.start(data.resolve("postgres"), FreePorts.next()));
        kafka = KafkaBrokerProcess.start(data.resolve("kafka"));
        FreePorts.withRetry(() -> {
            services = LedgerServices.start(Path.of(System.getProperty("ledger.services.dir", "target/services")),
                    postgres.endpoint(), kafka.bootstrapServers(),
                    new LedgerServices.Ports(FreePorts.next(), FreePorts.next(), FreePorts.next()), false,
                    PseudonymKey.random(), LocalTokens.loadOrCreate(Path.of("target", "fault-logs", "token-key.jwk")),
                    List.of("-Xmx384m"), Path.of("target", "fault-logs"));
            return services;
        });
        ledger = Ledger.of(services, postgres.endpoint(), kafka.bootstrapServers());
    }

    @AfterEach
    void stop() {
        if (services != null) {
            services.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void the_kafka_broker_stopping_under_load_loses_nothing_and_events_reach_it_in_order_when_it_returns()
            throws Exception {
        Load load = new Load(10);
        Set<String> accepted = load.accepted;
        await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= 30);

        kafka.stop();
        await().atMost(Duration.ofSeconds(60)).until(() -> "DOWN".equals(
                health(services.commandUrl()).path("components").path("forwarding").path("status").asText()));
        int acceptedWhileDown = accepted.size();
        await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= acceptedWhileDown + 30);
        JsonNode forwarding = health(services.commandUrl()).path("components").path("forwarding");
        assertThat(forwarding.path("details").path("kafka").asText()).startsWith("unreachable");
        assertThat(forwarding.path("details").path("eventsNotYetForwarded").asLong())
                .as("the facts accepted while the broker is away wait in the store").isPositive();

        kafka.startAgain();
        await().atMost(Duration.ofSeconds(90)).until(() -> "UP".equals(healthStatus(services.commandUrl()))
                && "UP".equals(healthStatus(services.projectorUrl())));
        await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= acceptedWhileDown + 60);
        load.stop();

        assertThat(refusals).as("commands are accepted while the broker is away").isEmpty();
        assertEveryAcceptedFactOnceAndTheReadModelComplete(accepted);
        assertEachHoldersEventsOnTheTopicInOrder();
    }

    /**
     * Reads the internal topic from the start: every stored event is there, and each holder's events come in
     * the order of its stream, never one after a gap (a resend after the outage may repeat one already sent).
     */
    private void assertEachHoldersEventsOnTheTopicInOrder() throws Exception {
        long stored = eventCount();
        Map<String, Long> nextSequence = new java.util.HashMap<>();
        List<String> outOfOrder = new ArrayList<>();
        int[] repeated = {0};
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            nextSequence.clear();
            outOfOrder.clear();
            repeated[0] = 0;
            StatisticsConsumer.readToEnd(kafka.bootstrapServers(),
                    "permit-ledger.holder-events", record -> {
                        var envelope = HolderEventCodec.read(record.value());
                        long next = nextSequence.getOrDefault(envelope.holderId(), 0L);
                        if (envelope.sequence() == next) {
                            nextSequence.put(envelope.holderId(), next + 1);
                        } else if (envelope.sequence() < next) {
                            repeated[0]++;
                        } else {
                            outOfOrder.add(envelope.holderId() + " #" + envelope.sequence() + " before #" + next);
                        }
                    });
            assertThat(nextSequence.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(stored);
        });
        assertThat(outOfOrder).isEmpty();
        org.slf4j.LoggerFactory.getLogger(FaultEndToEndTest.class).info(
                "Internal topic after the outage: {} events of {} holders in order, {} sent again", stored,
                nextSequence.size(), repeated[0]);
    }

    @Test
    void the_projector_killed_mid_stream_and_restarted_applies_every_event_once() throws Exception {
        Load load = new Load(20);
        await().atMost(Duration.ofSeconds(60)).until(() -> load.accepted.size() >= 40);
        services.killProjector(); // SIGKILL: whatever it was applying is cut off
        Thread.sleep(1_000);
        services.restartProjector();
        await().atMost(Duration.ofSeconds(60)).until(() -> load.accepted.size() >= 120);
        Set<String> accepted = load.stop();

        assertThat(refusals).as("the command side does not need the projector").isEmpty();
        assertEveryAcceptedFactOnceAndTheReadModelComplete(accepted);
    }

    @Test
    void postgres_restarting_under_load_loses_nothing_and_health_shows_the_outage() throws Exception {
        Load load = new Load(10);
        Set<String> accepted = load.accepted;
        await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= 30);

        int port = postgres.port();
        postgres.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> "DOWN".equals(healthStatus(services.commandUrl()))
                && "DOWN".equals(healthStatus(services.queryUrl())));
        int acceptedDuringOutage = accepted.size();
        Thread.sleep(2_000);
        postgres = EmbeddedPostgresServer.start(data.resolve("postgres"), port);
        await().atMost(Duration.ofSeconds(90)).until(() -> "UP".equals(healthStatus(services.commandUrl()))
                && "UP".equals(healthStatus(services.queryUrl())) && "UP".equals(healthStatus(services.projectorUrl())));
        await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= acceptedDuringOutage + 30);
        load.stop();

        // the load went on through the outage: refused with 503 (retry), never anything else
        assertThat(refusals).containsKey(503);
        assertThat(refusals.keySet()).containsOnly(503);
        assertEveryAcceptedFactOnceAndTheReadModelComplete(accepted);
    }

    /** Pension months recorded for new holders in turn, in the background, until stopped. */
    private final class Load {
        final Set<String> accepted = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean loading = new AtomicBoolean(true);
        private final ExecutorService thread = Executors.newSingleThreadExecutor();
        private final Future<?> running;

        Load(int holders) {
            List<String> issued = new ArrayList<>();
            for (int i = 0; i < holders; i++) {
                issued.add(issuedHolder());
            }
            running = thread.submit(() -> recordMonths(issued, loading, accepted));
        }

        /** Stops the load; returns the facts accepted (answered 200). */
        Set<String> stop() throws Exception {
            loading.set(false);
            running.get();
            thread.shutdown();
            return accepted;
        }
    }

    /** Records pension months for the holders in turn until told to stop; keeps what was answered 200. */
    private void recordMonths(List<String> holders, AtomicBoolean loading, Set<String> accepted) {
        int n = 0;
        while (loading.get()) {
            String holder = holders.get(n % holders.size());
            String month = YearMonth.of(2015, 1).plusMonths(n / holders.size()).toString();
            Response response = ledger.client().post("/api/v1/holders/" + holder + "/insurance-months",
                    Map.of("jurisdiction", "533102", "month", month, "scheme", "PENSION"),
                    Map.of("Idempotency-Key", holder + "/" + month));
            if (response.status() == 200) {
                accepted.add(holder + "/" + month);
                n++;
            } else {
                refusals.merge(response.status(), 1, Integer::sum);
                assertThat(response.contentType()).startsWith("application/problem+json");
                try {
                    Thread.sleep(200); // and the same request again, with the same key
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void assertEveryAcceptedFactOnceAndTheReadModelComplete(Set<String> accepted) throws Exception {
        Map<String, Integer> stored = new java.util.HashMap<>();
        var db = postgres.endpoint();
        try (var connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             var rows = connection.createStatement().executeQuery("SELECT aggregateidentifier, "
                     + "convert_from(payload, 'UTF8')::jsonb ->> 'month' FROM event_store.domainevententry "
                     + "WHERE payloadtype LIKE '%SocialInsuranceMonthRecorded'")) {
            while (rows.next()) {
                stored.merge(rows.getString(1) + "/" + rows.getString(2), 1, Integer::sum);
            }
        }
        for (String fact : accepted) {
            assertThat(stored.get(fact)).as("times %s is in the store", fact).isEqualTo(1);
        }
        assertThat(stored.values()).as("no fact twice").allMatch(times -> times == 1);
        await().atMost(Duration.ofSeconds(90)).until(() ->
                count("SELECT count(*) FROM read_model.holder_event") == eventCount()
                        && count("SELECT count(*) FROM (SELECT aggregateidentifier, max(sequencenumber) AS last "
                        + "FROM event_store.domainevententry GROUP BY aggregateidentifier) s JOIN read_model.holder h "
                        + "ON h.holder_id::text = s.aggregateidentifier AND h.last_sequence = s.last")
                        == count("SELECT count(DISTINCT aggregateidentifier) FROM event_store.domainevententry"));
        assertThat(count("SELECT count(*) FROM (SELECT event_id FROM read_model.holder_event GROUP BY event_id "
                + "HAVING count(*) > 1) twice")).isZero();
    }

    private String issuedHolder() {
        String holder = apply(newCitizen(), "533102", "2014-01-01", "EMPLOYMENT", "2014-08-01");
        post(holder, "/issuance", Map.of("issuedOn", "2014-08-10"));
        return holder;
    }

    private static JsonNode health(String baseUrl) {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health"))
                    .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString()).body());
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    private static String healthStatus(String baseUrl) {
        return health(baseUrl).path("status").asText("UNREACHABLE");
    }
}
