package ledger.permit.infra.endtoend;

import ledger.permit.contracts.values.CitizenId;
import ledger.permit.infra.local.LedgerClient;
import ledger.permit.infra.local.LedgerServices;
import ledger.permit.infra.local.LocalSettings;
import ledger.permit.infra.local.LocalSystem;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The scenario on the local system exactly as the README's run command starts it: zonky PostgreSQL, in-JVM Kafka. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedEndToEndTest extends AbstractRulesEndToEndTest {

    @TempDir
    static Path dataDirectory;

    private LocalSettings settings;
    private LocalSystem system;

    @Override
    protected Ledger startLedger() {
        settings = new LocalSettings(dataDirectory, 0, 0,
                new LedgerServices.Ports(FreePorts.next(), FreePorts.next(), FreePorts.next()),
                Path.of(System.getProperty("ledger.services.dir", "target/services")),
                List.of("-Xmx384m"), false);
        return startSystem();
    }

    @Override
    protected void stopLedger() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void stopping_and_restarting_the_local_system_keeps_every_holder() throws Exception {
        CitizenId citizen = newCitizen();
        String holderId = apply(citizen, "430302", "2019-03-01", "EMPLOYMENT", "2019-09-02");
        post(holderId, "/issuance", Map.of("issuedOn", "2019-09-16"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(statuses(entitlements(holderId, LocalDate.of(2020, 1, 1)).path("services"), "ENTITLED"))
                        .hasSize(6));
        long events = eventCount();

        system.close();
        system = null;
        startSystem();

        assertThat(eventCount()).isEqualTo(events);
        var found = ledger.client().get("/api/v1/holders?citizenId=" + citizen.value());
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body().path("holderId").asText()).isEqualTo(holderId);
        assertThat(statuses(entitlements(holderId, LocalDate.of(2020, 1, 1)).path("services"), "ENTITLED"))
                .hasSize(6);
        var again = ledger.client().post("/api/v1/permit-applications",
                application(citizen.value(), "430302", "2019-03-01", "EMPLOYMENT", "2019-09-02"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().path("holderId").asText()).isEqualTo(holderId);

        // the fresh broker got the whole store again; the projector recognised every event as applied
        String newHolder = apply(newCitizen(), "430302", "2020-03-01", "EMPLOYMENT", "2020-09-02");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                ledger.client().get("/api/v1/holders/" + newHolder + "/entitlements").status() == 200);
    }

    private Ledger startSystem() {
        system = FreePorts.withRetry(() -> {
            settings = new LocalSettings(settings.dataDirectory(), 0, 0,
                    new LedgerServices.Ports(FreePorts.next(), FreePorts.next(), FreePorts.next()),
                    settings.servicesDirectory(), settings.javaOptions(), false);
            return LocalSystem.start(settings);
        });
        LedgerServices services = system.services();
        ledger = Ledger.of(services, system.database(), system.kafkaBootstrapServers());
        return ledger;
    }
}
