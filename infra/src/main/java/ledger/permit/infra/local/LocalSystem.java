package ledger.permit.infra.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** Everything the ledger needs on one machine: embedded PostgreSQL, embedded Kafka and the three services. */
public final class LocalSystem implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalSystem.class);

    private final EmbeddedPostgresServer postgres;
    private final EmbeddedKafkaServer kafka;
    private final LedgerServices services;

    private LocalSystem(EmbeddedPostgresServer postgres, EmbeddedKafkaServer kafka, LedgerServices services) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.services = services;
    }

    public static LocalSystem start(LocalSettings settings) {
        return start(settings, Map.of());
    }

    /** The same, PostgreSQL started with these server settings as well ({@link EmbeddedPostgresServer}). */
    public static LocalSystem start(LocalSettings settings, Map<String, String> postgresSettings) {
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(settings.postgresDirectory(),
                settings.postgresPort(), postgresSettings);
        EmbeddedKafkaServer kafka = null;
        try {
            kafka = EmbeddedKafkaServer.start(settings.kafkaPort());
            // the embedded broker starts empty: the command service forwards the whole store again
            LedgerServices services = LedgerServices.start(settings.servicesDirectory(), postgres.endpoint(),
                    kafka.bootstrapServers(), settings.ports(), true,
                    PseudonymKey.loadOrCreate(settings.pseudonymKeyFile()),
                    LocalTokens.loadOrCreate(settings.tokenKeyFile()), settings.javaOptions(),
                    settings.logDirectory());
            return new LocalSystem(postgres, kafka, services);
        } catch (RuntimeException e) {
            if (kafka != null) {
                kafka.close();
            }
            postgres.close();
            throw e;
        }
    }

    public LedgerServices services() {
        return services;
    }

    public DatabaseEndpoint database() {
        return postgres.endpoint();
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Stops the services first, then the broker and the database they use. */
    @Override
    public void close() {
        log.info("Stopping the local system");
        try {
            services.close();
        } finally {
            try {
                kafka.close();
            } finally {
                postgres.close();
            }
        }
    }
}
