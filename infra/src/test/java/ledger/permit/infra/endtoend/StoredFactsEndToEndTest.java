package ledger.permit.infra.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.permit.infra.local.DatabaseEndpoint;
import ledger.permit.infra.local.LedgerClient.Response;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The query API answers "known now" (and any instant after the holder's latest event) from the facts the projector
 * stored with the fact log, and an earlier instant from the fact log itself. The stored facts are altered on purpose
 * here, so that each answer shows which of the two it came from.
 */
class StoredFactsEndToEndTest extends EmbeddedLedger {

    private static final LocalDate ON = LocalDate.of(2026, 1, 15);

    @Test
    void an_answer_known_now_comes_from_the_stored_facts_and_one_known_earlier_from_the_fact_log()
            throws Exception {
        String holderId = apply(newCitizen(), "530302", "2024-01-01", "EMPLOYMENT", "2024-02-01");
        post(holderId, "/issuance", Map.of("issuedOn", "2024-02-10"));
        post(holderId, "/endorsements", Map.of("endorsedOn", "2025-02-01"));
        for (String month : new String[]{"2025-07", "2025-08", "2025-09"}) {
            post(holderId, "/insurance-months", Map.of("jurisdiction", "530302", "month", month, "scheme", "PENSION"));
        }
        Thread.sleep(5);
        Instant afterThree = Instant.now();
        Thread.sleep(5);
        for (String month : new String[]{"2025-10", "2025-11", "2025-06"}) {
            post(holderId, "/insurance-months", Map.of("jurisdiction", "530302", "month", month, "scheme", "PENSION"));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(count(
                "SELECT count(*) FROM read_model.holder_event WHERE holder_id = '" + holderId + "'")).isEqualTo(9));
        assertThat(insuranceMonths(holderId, null)).isEqualTo(6);
        assertThat(insuranceMonths(holderId, afterThree)).isEqualTo(3);

        DatabaseEndpoint db = ledger.database();
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
            String stored = storedFacts(connection, holderId);
            try {
                forgetInsurance(connection, holderId);
                assertThat(insuranceMonths(holderId, null)).as("known now: the stored facts").isZero();
                Instant afterLatest = Instant.now();
                assertThat(insuranceMonths(holderId, afterLatest)).as("known after the latest event: the same")
                        .isZero();
                assertThat(insuranceMonths(holderId, afterThree)).as("known earlier: the fact log").isEqualTo(3);
            } finally {
                restore(connection, holderId, stored);
            }
        }
        assertThat(insuranceMonths(holderId, null)).isEqualTo(6);
    }

    private int insuranceMonths(String holderId, Instant knownAt) {
        Response answer = ledger.client().get("/api/v1/holders/" + holderId + "/entitlements?on=" + ON
                + (knownAt == null ? "" : "&knownAt=" + knownAt));
        assertThat(answer.status()).isEqualTo(200);
        JsonNode employment = service(answer.body(), "EMPLOYMENT_ASSISTANCE");
        return employment.path("progress").path("insuranceMonths").asInt();
    }

    private static String storedFacts(Connection connection, String holderId) throws SQLException {
        try (var statement = connection.prepareStatement(
                "SELECT facts::text FROM read_model.holder WHERE holder_id = ?")) {
            statement.setObject(1, UUID.fromString(holderId));
            try (var rows = statement.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getString(1);
            }
        }
    }

    private static void forgetInsurance(Connection connection, String holderId) throws SQLException {
        try (var statement = connection.prepareStatement(
                "UPDATE read_model.holder SET facts = jsonb_set(facts, '{insurance}', '{}') WHERE holder_id = ?")) {
            statement.setObject(1, UUID.fromString(holderId));
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
    }

    private static void restore(Connection connection, String holderId, String facts) throws SQLException {
        try (var statement = connection.prepareStatement(
                "UPDATE read_model.holder SET facts = ?::jsonb WHERE holder_id = ?")) {
            statement.setString(1, facts);
            statement.setObject(2, UUID.fromString(holderId));
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
    }
}
