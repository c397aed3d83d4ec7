package ledger.permit.infra.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Each service's health names its dependencies; the projector's says how far behind it is. */
class HealthEndToEndTest extends EmbeddedLedger {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void health_shows_each_dependency_the_forwarding_backlog_and_the_projector_lag() throws Exception {
        String holder = apply(newCitizen(), "533102", "2024-01-01", "EMPLOYMENT", "2025-02-01");
        post(holder, "/issuance", Map.of("issuedOn", "2025-02-10"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode command = health(ledger.client().commandUrl());
            assertThat(command.path("status").asText()).isEqualTo("UP");
            assertThat(command.path("components").path("db").path("status").asText()).isEqualTo("UP");
            JsonNode forwarding = command.path("components").path("forwarding");
            assertThat(forwarding.path("details").path("kafka").asText()).isEqualTo("reachable");
            assertThat(forwarding.path("details").path("eventsNotYetForwarded").isNumber()).isTrue();
            assertThat(forwarding.path("details").path("eventsNotYetForwarded").asLong()).isZero();

            JsonNode projector = health(ledger.projectorUrl());
            assertThat(projector.path("status").asText()).isEqualTo("UP");
            assertThat(projector.path("components").path("db").path("status").asText()).isEqualTo("UP");
            JsonNode lag = projector.path("components").path("projector").path("details");
            assertThat(lag.path("kafka").asText()).isEqualTo("reachable");
            assertThat(lag.path("lag").isNumber()).as("%s", lag).isTrue();
            assertThat(lag.path("lag").asLong()).isZero();
            assertThat(lag.path("outboxPending").asLong()).isZero();

            JsonNode query = health(ledger.client().queryUrl());
            assertThat(query.path("components").path("db").path("status").asText()).isEqualTo("UP");
        });
    }

    private static JsonNode health(String baseUrl) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        }
    }
}
