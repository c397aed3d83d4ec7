package ledger.permit.projector;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import ledger.permit.web.security.ApiSecurity;

import javax.sql.DataSource;
import java.util.Arrays;

/**
 * Consumes the holder events and keeps each holder's entitlements, derived by the rules, in PostgreSQL;
 * publishes the public statistics topics. With the argument {@code rebuild} it rebuilds the read model from
 * the earliest offset instead, switches it in, and exits; with {@code axon-replay} it measures Axon's default
 * pooled processor building the same read model from the event store, and exits.
 */
@SpringBootApplication
@EnableConfigurationProperties(ProjectorProperties.class)
@Import(ApiSecurity.class)
public class EntitlementProjectorApplication {

    private static final Logger log = LoggerFactory.getLogger(EntitlementProjectorApplication.class);

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("rebuild")) {
            System.exit(rebuild(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("axon-replay")) {
            System.exit(axonReplay(Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(EntitlementProjectorApplication.class, args);
    }

    /** The same configuration as the service, without its web server, listener, relay or checks. */
    private static ConfigurableApplicationContext oneOff(String[] args) {
        return new SpringApplicationBuilder(EntitlementProjectorApplication.class)
                .web(WebApplicationType.NONE)
                .properties("ledger.live=false")
                .run(args);
    }

    static int rebuild(String[] args) {
        try (ConfigurableApplicationContext context = oneOff(args)) {
            ProjectorProperties properties = context.getBean(ProjectorProperties.class);
            var result = new ReadModelRebuild(context.getBean(DataSource.class),
                    context.getBean(KafkaProperties.class).buildConsumerProperties(null),
                    properties.holderEventsTopic(), properties.readModelSchema()).run();
            System.out.printf(java.util.Locale.ROOT, "Rebuilt %s: %d events read, %d applied, %d skipped, in %.1f s%n",
                    result.schema(), result.events(), result.applied(), result.skipped(),
                    result.took().toMillis() / 1000.0);
            return 0;
        } catch (Exception e) {
            log.error("Rebuild failed; the live read model is unchanged: {}", e.toString(), e);
            return 1;
        }
    }

    /**
     * A reference measurement ({@link AxonReplay}): the read model built by Axon's default pooled processor from
     * the event store (schema {@code ledger.event-store-schema}, default {@code event_store}, in the same database)
     * into a scratch schema that is dropped afterwards; it stops at {@code ledger.axon-replay.time-limit} (a
     * duration, default a day) if it has not finished by then.
     */
    static int axonReplay(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        try (ConfigurableApplicationContext context = oneOff(args)) {
            var environment = context.getEnvironment();
            var result = new AxonReplay(context.getBean(DataSourceProperties.class),
                    environment.getProperty("ledger.event-store-schema", "event_store"),
                    context.getBean(ProjectorProperties.class).readModelSchema(),
                    environment.getProperty("ledger.axon-replay.time-limit", java.time.Duration.class,
                            java.time.Duration.ofDays(1))).run();
            System.out.printf(java.util.Locale.ROOT, "Axon pooled replay: %d events in %.1f s (%d stored, %s); %d "
                            + "holders and %d fact rows built, the live read model has %d and %d%n", result.events(),
                    result.took().toMillis() / 1000.0, result.total(),
                    result.complete() ? "complete" : "stopped at its time limit", result.holders(), result.factRows(),
                    result.liveHolders(), result.liveFactRows());
            return 0;
        } catch (Exception e) {
            log.error("Axon replay failed: {}", e.toString(), e);
            return 1;
        }
    }
}
