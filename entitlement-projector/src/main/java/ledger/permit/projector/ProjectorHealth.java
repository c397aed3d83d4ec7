package ledger.permit.projector;

import ledger.permit.projector.publication.OutboxRelay;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code /actuator/health} component {@code projector}: whether Kafka answers, how far the consumer group is
 * behind the internal topic (events not yet applied), and how many public messages wait in the outbox.
 * Kafka out of reach is DOWN; a lag is reported, not judged.
 */
@Component("projector")
@LiveOnly
class ProjectorHealth implements HealthIndicator, AutoCloseable {

    private final Admin admin;
    private final String topic;
    private final String group;
    private final JdbcTemplate jdbc;

    ProjectorHealth(KafkaProperties kafka, ProjectorProperties properties, JdbcTemplate jdbc) {
        Map<String, Object> config = new HashMap<>(kafka.buildAdminProperties(null));
        config.put("request.timeout.ms", 3000);
        config.put("default.api.timeout.ms", 3000);
        this.admin = Admin.create(config);
        this.topic = properties.holderEventsTopic();
        this.group = kafka.getConsumer().getGroupId();
        this.jdbc = jdbc;
    }

    @Override
    public Health health() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(3, TimeUnit.SECONDS);
            var partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(3, TimeUnit.SECONDS)
                    .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition()))
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(partitions).all()
                    .get(3, TimeUnit.SECONDS);
            long lag = 0;
            for (var end : ends.entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                lag += end.getValue().offset() - (at == null ? 0 : at.offset());
            }
            Health.Builder health = Health.up().withDetail("kafka", "reachable").withDetail("topic", topic)
                    .withDetail("consumerGroup", group).withDetail("lag", lag);
            try {
                health.withDetail("outboxPending", OutboxRelay.unsentAtMost(jdbc));
            } catch (RuntimeException e) {
                health.withDetail("outboxPending", "unknown: " + e.getClass().getSimpleName());
            }
            return health.build();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return Health.down().withDetail("kafka", "unreachable: " + e.getClass().getSimpleName())
                    .withDetail("topic", topic).build();
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
