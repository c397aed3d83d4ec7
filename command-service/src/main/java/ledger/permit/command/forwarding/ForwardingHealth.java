package ledger.permit.command.forwarding;

import ledger.permit.command.LedgerProperties;
import org.apache.kafka.clients.admin.Admin;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code /actuator/health} component {@code forwarding}: whether Kafka answers and how many stored events
 * lie past the forwarder's furthest position (the highest index any of its segments has reached; 0 once it
 * has caught up). Commands are still accepted while Kafka is away: the events wait in the store, and
 * this component says so (DOWN) until the broker is back.
 */
@Component("forwarding")
class ForwardingHealth implements HealthIndicator, AutoCloseable {

    private final Admin admin;
    private final String topic;
    private final JdbcTemplate jdbc;

    ForwardingHealth(KafkaProperties kafka, LedgerProperties properties, JdbcTemplate jdbc) {
        Map<String, Object> config = new HashMap<>(kafka.buildAdminProperties(null));
        config.put("request.timeout.ms", 3000);
        config.put("default.api.timeout.ms", 3000);
        this.admin = Admin.create(config);
        this.topic = properties.holderEventsTopic();
        this.jdbc = jdbc;
    }

    @Override
    public Health health() {
        Health.Builder health;
        try {
            admin.describeTopics(List.of(topic)).allTopicNames().get(3, TimeUnit.SECONDS);
            health = Health.up().withDetail("kafka", "reachable");
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            health = Health.down().withDetail("kafka", "unreachable: " + e.getClass().getSimpleName());
        }
        health.withDetail("topic", topic);
        try {
            health.withDetail("eventsNotYetForwarded", eventsNotYetForwarded(jdbc));
        } catch (RuntimeException e) {
            health.withDetail("eventsNotYetForwarded", "unknown: " + e.getClass().getSimpleName());
        }
        return health.build();
    }

    /**
     * The stored events past the forwarder's position, counted: the highest global index its segments' tokens cover
     * (an index left unused by a transaction rolled back is no event, and is not counted). While it
     * sends the store again (a replay, as when Kafka's topic was emptied), a segment's token is Axon's
     * {@code ReplayToken}, and its position is that of the token within it ({@code currentToken}); none yet while
     * the replay has sent nothing.
     */
    static long eventsNotYetForwarded(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE globalindex > coalesce("
                + "(SELECT max(coalesce(t ->> 'index', t -> 'currentToken' ->> 'index')::bigint) "
                + "FROM (SELECT convert_from(token, 'UTF8')::jsonb AS t FROM tokenentry "
                + "WHERE processorname = ? AND token IS NOT NULL) AS tokens), -1)", Long.class,
                KafkaForwarder.PROCESSING_GROUP);
    }

    @Override
    public void close() {
        admin.close();
    }
}
