package ledger.permit.infra.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Statistics over the whole ledger, with every cell below the minimum count (10) suppressed and marked. */
class StatisticsEndToEndTest extends EmbeddedLedger {

    @Test
    void counts_by_jurisdiction_status_service_and_month_publish_no_cell_below_ten() {
        for (int i = 0; i < 11; i++) {
            issuedIn("430902");
        }
        issuedIn("430802");
        // every holder projected: the eleven in 益阳 and the one in 张家界
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            JsonNode table = get("/api/v1/statistics/holders");
            assertThat(cell(table, Map.of("jurisdiction", "430900", "permitStatus", "ISSUED")).path("count").asLong())
                    .isEqualTo(11);
            assertThat(cell(table, Map.of("jurisdiction", "430800", "permitStatus", "ISSUED"))).isNotNull();
        });

        JsonNode holders = get("/api/v1/statistics/holders?level=PREFECTURE");
        assertThat(holders.path("minCount").asInt()).isEqualTo(10);
        JsonNode lonely = cell(holders, Map.of("jurisdiction", "430800", "permitStatus", "ISSUED"));
        assertThat(lonely.path("suppressed").asBoolean()).isTrue();
        assertThat(lonely.path("count").isNull()).isTrue();
        assertThat(holders.path("suppressedCells").asLong()).isPositive();

        JsonNode services = get("/api/v1/statistics/services?on=2020-01-01");
        assertThat(cell(services, Map.of("jurisdiction", "430900", "service", "LABOUR_EMPLOYMENT",
                "status", "ENTITLED")).path("count").asLong()).isEqualTo(11);

        JsonNode changes = get("/api/v1/statistics/changes?from=2020-09&to=2020-09");
        assertThat(cell(changes, Map.of("month", "2020-09", "jurisdiction", "430900", "change", "SUSPENSION"))
                .path("count").asLong()).isEqualTo(11);

        assertThat(ledger.client().get("/api/v1/statistics/holders?level=STREET").status()).isEqualTo(400);
        assertThat(ledger.client().get("/api/v1/statistics/changes?from=2021-01&to=2020-01").status()).isEqualTo(400);
    }

    /** A holder issued a permit on 2019-09-16 and never endorsed: suspended from 2020-09-16. */
    private void issuedIn(String jurisdiction) {
        String holderId = apply(newCitizen(), jurisdiction, "2019-03-01", "EMPLOYMENT", "2019-09-02");
        post(holderId, "/issuance", Map.of("issuedOn", "2019-09-16"));
    }

    private JsonNode get(String path) {
        var response = ledger.client().get(path);
        assertThat(response.status()).as("%s: %s", path, response.body()).isEqualTo(200);
        return response.body();
    }

    private static JsonNode cell(JsonNode table, Map<String, String> dimensions) {
        for (JsonNode cell : table.path("cells")) {
            boolean match = dimensions.entrySet().stream()
                    .allMatch(d -> cell.path("dimensions").path(d.getKey()).asText().equals(d.getValue()));
            if (match) {
                return cell;
            }
        }
        throw new AssertionError("no cell " + dimensions + " in " + table);
    }
}
