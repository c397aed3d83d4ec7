package ledger.permit.infra.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ledger.permit.audit.ChainVerifier;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.InsuranceScheme;
import ledger.permit.contracts.values.PermitBasis;
import ledger.permit.infra.local.DatabaseEndpoint;
import ledger.permit.infra.tools.PopulationLoader;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The benchmark's bulk population writes the events the command service itself would: a holder written by
 * {@link PopulationLoader} and one made by the same application, issuance and contribution months over HTTP are
 * the same holder to the command service, the projector, the query API and the hash chain.
 */
class PopulationLoaderEndToEndTest extends EmbeddedLedger {

    @Test
    void a_loaded_holder_is_the_same_as_one_made_over_http() throws Exception {
        CitizenId byHttp = newCitizen();
        CitizenId loaded = newCitizen();
        LocalDate appliedOn = LocalDate.now().minusMonths(10);
        // thirteen months of contributions before the application: a year of pension counts towards some services
        List<YearMonth> insured = new ArrayList<>();
        for (YearMonth month = YearMonth.from(appliedOn).minusMonths(13); insured.size() < 13;
             month = month.plusMonths(1)) {
            insured.add(month);
        }
        String httpHolder = apply(byHttp, "533102", appliedOn.minusYears(2).toString(), "EMPLOYMENT",
                appliedOn.toString());
        post(httpHolder, "/issuance", Map.of("issuedOn", appliedOn.plusDays(16).toString()));
        for (YearMonth month : insured) {
            for (InsuranceScheme scheme : InsuranceScheme.values()) {
                post(httpHolder, "/insurance-months",
                        Map.of("jurisdiction", "533102", "month", month.toString(), "scheme", scheme.name()));
            }
        }
        String loadedHolder = PopulationLoader.load(ledger.database(), List.of(new PopulationLoader.Application(loaded,
                "533102", appliedOn.minusYears(2), PermitBasis.EMPLOYMENT, appliedOn, appliedOn.plusDays(16))),
                insured, "test-population", new PrintStream(OutputStream.nullOutputStream()))[0];

        // the command service folds the loaded stream: the permit is issued, so a month is recorded on it, and a
        // month it already holds is not recorded twice
        for (String holder : List.of(loadedHolder, httpHolder)) {
            post(holder, "/insurance-months", Map.of("jurisdiction", "533102", "month",
                    YearMonth.from(appliedOn).toString(), "scheme", "PENSION"));
            post(holder, "/insurance-months", Map.of("jurisdiction", "533102", "month",
                    insured.getFirst().toString(), "scheme", "MEDICAL"));
        }

        // the projector applied all 2 + 65 + 1 events of each, and the query API answers the same for both
        LocalDate today = LocalDate.now();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(count(
                "SELECT count(*) FROM read_model.holder_event WHERE holder_id IN ('" + loadedHolder + "', '"
                        + httpHolder + "')")).isEqualTo(2 * 68));
        assertThat(ledger.client().get("/api/v1/holders?citizenId=" + loaded.value()).body().toString())
                .contains(loadedHolder);
        JsonNode answer = entitlements(loadedHolder, today);
        assertThat(answer.path("permit").path("status").asText()).isEqualTo("VALID");
        assertThat(withoutIdentity(answer)).isEqualTo(withoutIdentity(entitlements(httpHolder, today)));

        // and its events are chained like every other
        DatabaseEndpoint db = ledger.database();
        try (var connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
            ChainVerifier.Result chains = new ChainVerifier("event_store").verifyAll(connection, progress -> {
            });
            assertThat(chains.findings()).isEmpty();
        }
    }

    /** The answer without the holder's id and the instant it was given at: the fields that must differ. */
    private static JsonNode withoutIdentity(JsonNode entitlements) {
        ObjectNode copy = entitlements.deepCopy();
        assertThat(copy.remove("holderId")).isNotNull();
        assertThat(copy.remove("knownAt")).isNotNull();
        return copy;
    }
}
