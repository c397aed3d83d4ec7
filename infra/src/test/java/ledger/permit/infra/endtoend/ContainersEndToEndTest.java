package ledger.permit.infra.endtoend;

import ledger.permit.infra.local.DatabaseEndpoint;
import ledger.permit.infra.local.LedgerClient;
import ledger.permit.infra.local.LedgerServices;
import ledger.permit.infra.local.LocalTokens;
import ledger.permit.infra.local.PseudonymKey;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import java.nio.file.Path;
import java.util.List;

/**
 * The same scenario on PostgreSQL 17 and Kafka (KRaft) in containers, the way an external deployment
 * runs. Skipped, and reported as skipped, where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainersEndToEndTest extends AbstractRulesEndToEndTest {

    private final PostgreSQLContainer<?> postgres = new PostgreSQLContainer<>("postgres:17");
    private final KafkaContainer kafka = new KafkaContainer("apache/kafka:3.9.1");
    private LedgerServices services;

    @TempDir
    static Path logDirectory;

    @Override
    protected Ledger startLedger() {
        postgres.start();
        kafka.start();
        DatabaseEndpoint database = new DatabaseEndpoint(postgres.getJdbcUrl(), postgres.getUsername(),
                postgres.getPassword());
        services = LedgerServices.start(Path.of(System.getProperty("ledger.services.dir", "target/services")),
                database, kafka.getBootstrapServers(),
                new LedgerServices.Ports(FreePorts.next(), FreePorts.next(), FreePorts.next()),
                false, PseudonymKey.random(), LocalTokens.loadOrCreate(logDirectory.resolve("token-signing-key.jwk")),
                List.of("-Xmx384m"), logDirectory);
        return Ledger.of(services, database, kafka.getBootstrapServers());
    }

    @Override
    protected void stopLedger() {
        if (services != null) {
            services.close();
        }
        kafka.stop();
        postgres.stop();
    }
}
