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
            // the forwarder's position is the highest global index its token covers
            Long waiting = jdbc.queryForObject("SELECT (SELECT coalesce(max(globalindex), -1) FROM domainevententry) "
                    + "- coalesce((SELECT max((convert_from(token, 'UTF8')::jsonb ->> 'index')::bigint) FROM tokenentry "
                    + "WHERE processorname = ? AND token IS NOT NULL), -1)", Long.class, KafkaForwarder.PROCESSING_GROUP);
            health.withDetail("eventsNotYetForwarded", waiting);
        } catch (RuntimeException e) {
            health.withDetail("eventsNotYetForwarded", "unknown: " + e.getClass().getSimpleName());
        }
        return health.build();
    }

    @Override
    public void close() {
        admin.close();
    }
}
