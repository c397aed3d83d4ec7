package ledger.permit.projector;

import io.micrometer.core.instrument.MeterRegistry;
import ledger.permit.contracts.wire.MalformedMessageException;
import ledger.permit.projector.publication.OutboxRelay;
import ledger.permit.projector.publication.Pseudonyms;
import ledger.permit.projector.publication.ProfileLevels;
import ledger.permit.projector.publication.Publication;
import ledger.permit.projector.publication.TimeDrivenChecks;
import ledger.permit.rules.policy.PolicyCatalog;
import ledger.permit.web.PolicySetup;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.ExponentialBackOff;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.Map;

/**
 * Failure handling: a transient failure (the database away) is retried with back-off for as long as
 * it lasts, holding the partition so that nothing overtakes; an event that can never be applied
 * (malformed, or out of order) goes to the dead-letter topic with the reason, and is logged.
 * Publication: the policies, the clock, the pseudonyms, the public topics, the relay and the checks.
 */
@Configuration(proxyBeanMethods = false)
class ProjectorSetup {

    private static final Logger log = LoggerFactory.getLogger(ProjectorSetup.class);

    /** Where the publication's own migrations are; the read model's are in spring.flyway.locations. */
    static final String PUBLICATION_MIGRATIONS = "classpath:db/migration/publication";

    @Bean
    CommonErrorHandler projectorErrorHandler(KafkaTemplate<String, String> kafka, ProjectorProperties properties) {
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(kafka,
                (record, exception) -> new TopicPartition(properties.deadLetterTopic(), -1));
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff);
        handler.addNotRetryableExceptions(MalformedMessageException.class, SequenceGapException.class);
        return handler;
    }

    /** The read model's schema, then the publication's (a schema of its own, never rebuilt). */
    @Bean
    FlywayMigrationStrategy migrateReadModelAndPublication() {
        return flyway -> {
            flyway.migrate();
            Flyway.configure().configuration(flyway.getConfiguration())
                    .schemas("publication").defaultSchema("publication")
                    .locations(PUBLICATION_MIGRATIONS)
                    .load().migrate();
        };
    }

    @Bean
    PolicyCatalog policyCatalog(Environment environment) {
        return PolicySetup.catalog(environment);
    }

    @Bean
    Clock clock(ProjectorProperties properties) {
        Clock system = Clock.system(properties.timeZone());
        if (!properties.clockShift().isZero()) {
            log.warn("The clock is shifted by {}: 'today' is {} (ledger.clock-shift)", properties.clockShift(),
                    java.time.LocalDate.now(Clock.offset(system, properties.clockShift())));
            return Clock.offset(system, properties.clockShift());
        }
        return system;
    }

    @Bean
    @LiveOnly
    Pseudonyms pseudonyms(ProjectorProperties properties) {
        return Pseudonyms.fromBase64(properties.pseudonymKey());
    }

    @Bean
    @LiveOnly
    Publication publication(JdbcTemplate jdbc, PolicyCatalog catalog, Pseudonyms pseudonyms,
                            ProjectorProperties properties) {
        if (properties.publicK() < 1 || properties.publicClassWait().isNegative()) {
            throw new IllegalStateException("ledger.public-k must be at least 1 and ledger.public-class-wait not "
                    + "negative, not " + properties.publicK() + " and " + properties.publicClassWait());
        }
        return new Publication(jdbc, catalog, pseudonyms, new ProfileLevels(jdbc, properties.publicK(),
                properties.publicClassWait(), catalog));
    }

    @Bean
    @LiveOnly
    TimeDrivenChecks timeDrivenChecks(Publication publication, TransactionTemplate transaction, Clock clock,
                                      ProjectorProperties properties) {
        return new TimeDrivenChecks(publication, transaction, clock, properties.checkInterval());
    }

    @Bean
    @LiveOnly
    OutboxRelay outboxRelay(DataSource dataSource, KafkaProperties kafka, ProjectorProperties properties,
                            MeterRegistry meters) {
        return new OutboxRelay(dataSource, kafka.buildProducerProperties(null), kafka.buildConsumerProperties(null),
                properties.publicFactsTopic() + ".relay",
                Map.of(Publication.FACTS_STREAM, properties.publicFactsTopic(),
                        Publication.CHANGES_STREAM, properties.publicChangesTopic()), meters);
    }

    /** Kept forever: statistics teams replay them from the start. */
    @Bean
    NewTopic publicFactsTopic(ProjectorProperties properties) {
        return publicTopic(properties.publicFactsTopic(), properties);
    }

    @Bean
    NewTopic publicChangesTopic(ProjectorProperties properties) {
        return publicTopic(properties.publicChangesTopic(), properties);
    }

    /** Where events that can never be applied go; kept forever, for someone to look at. */
    @Bean
    NewTopic deadLetterTopic(ProjectorProperties properties) {
        return publicTopic(properties.deadLetterTopic(), properties);
    }

    private static NewTopic publicTopic(String name, ProjectorProperties properties) {
        return TopicBuilder.name(name).partitions(properties.topicPartitions()).replicas(properties.topicReplicas())
                .config("retention.ms", "-1").build();
    }
}
