package ledger.permit.infra.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
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
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The query API answers "known now" (and any instant after the holder's latest event) from the facts the projector
 * stored with the fact log, and an earlier instant from the fact log itself. The stored facts are altered on purpose
 * here, so that each answer shows which of the two it came from, and the audit's replay sees the difference. Facts
 * stored in the earlier form of the contribution months (an object of objects) give the same answer.
 */
class StoredFactsEndToEndTest extends EmbeddedLedger {

    private static final LocalDate ON = LocalDate.of(2026, 1, 15);
    private static final ObjectMapper JSON = new ObjectMapper();

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
        assertThat(count("SELECT count(*) FROM read_model.holder h WHERE holder_id = '" + holderId + "' AND "
                + "last_recorded_at = (SELECT max(recorded_at) FROM read_model.holder_event e "
                + "WHERE e.holder_id = h.holder_id)")).as("the holder's row keeps its latest record time").isEqualTo(1);

        assertThat(audit(holderId).path("replayMatchesProjection").asBoolean()).isTrue();

        DatabaseEndpoint db = ledger.database();
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
            String stored = storedFacts(connection, holderId);
            assertThat(JSON.readTree(stored).path("insurance")).as("one text a month, in the order of their keys")
                    .containsExactly(Stream.of("2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11")
                            .map(month -> TextNode.valueOf(month + " PENSION 530302 - -")).toArray(JsonNode[]::new));
            try {
                setInsurance(connection, holderId, "{}");
                assertThat(insuranceMonths(holderId, null)).as("known now: the stored facts").isZero();
                Instant afterLatest = Instant.now();
                assertThat(insuranceMonths(holderId, afterLatest)).as("known after the latest event: the same")
                        .isZero();
                assertThat(insuranceMonths(holderId, afterThree)).as("known earlier: the fact log").isEqualTo(3);
                setLastRecordedAt(connection, holderId, "now() + interval '1 hour'");
                assertThat(insuranceMonths(holderId, null))
                        .as("known now, an event recorded later by the holder's row: the fact log").isEqualTo(6);
                setLastRecordedAt(connection, holderId, "(SELECT max(e.recorded_at) FROM read_model.holder_event e "
                        + "WHERE e.holder_id = holder.holder_id)");
                assertThat(insuranceMonths(holderId, null)).as("the stored facts again").isZero();
                JsonNode verification = audit(holderId);
                assertThat(verification.path("replayMatchesProjection").asBoolean()).isFalse();
                assertThat(verification.path("differences")).hasSize(1);
                assertThat(verification.path("differences").get(0).asText())
                        .startsWith("facts.insurance: replay [\"2025-06 PENSION 530302 - -\",")
                        .endsWith("projector []");
            } finally {
                restore(connection, holderId, stored);
            }
            assertThat(insuranceMonths(holderId, null)).isEqualTo(6);

            // facts stored by earlier versions, with the months as an object of one object a month
            try {
                setInsurance(connection, holderId, earlierForm(JSON.readTree(stored).path("insurance")));
                assertThat(insuranceMonths(holderId, null)).as("known now, from facts in the earlier form")
                        .isEqualTo(6);
                assertThat(audit(holderId).path("replayMatchesProjection").asBoolean()).isTrue();
            } finally {
                restore(connection, holderId, stored);
            }
        }
    }

    private JsonNode audit(String holderId) {
        Response audit = ledger.client().get("/api/v1/holders/" + holderId + "/audit");
        assertThat(audit.status()).isEqualTo(200);
        return audit.body().path("verification");
    }

    /** The months as earlier versions stored them: by key, each an object of its five fields. */
    private static String earlierForm(JsonNode texts) {
        ObjectNode months = JSON.createObjectNode();
        for (JsonNode text : texts) {
            String[] parts = text.asText().split(" ");
            ObjectNode month = months.putObject(parts[0] + "/" + parts[1]);
            month.put("jurisdiction", parts[2]).put("month", parts[0]).put("scheme", parts[1])
                    .put("paidOn", "-".equals(parts[3]) ? null : parts[3])
                    .put("transferredFrom", "-".equals(parts[4]) ? null : parts[4]);
        }
        return months.toString();
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

    private static void setInsurance(Connection connection, String holderId, String insurance) throws SQLException {
        try (var statement = connection.prepareStatement(
                "UPDATE read_model.holder SET facts = jsonb_set(facts::jsonb, '{insurance}', ?::jsonb)::json "
                        + "WHERE holder_id = ?")) {
            statement.setString(1, insurance);
            statement.setObject(2, UUID.fromString(holderId));
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
    }

    /** Sets the holder's latest record time to an SQL expression, which may refer to the row as {@code holder}. */
    private static void setLastRecordedAt(Connection connection, String holderId, String expression)
            throws SQLException {
        try (var statement = connection.prepareStatement(
                "UPDATE read_model.holder SET last_recorded_at = " + expression + " WHERE holder_id = ?")) {
            statement.setObject(1, UUID.fromString(holderId));
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
    }

    private static void restore(Connection connection, String holderId, String facts) throws SQLException {
        try (var statement = connection.prepareStatement(
                "UPDATE read_model.holder SET facts = ?::json WHERE holder_id = ?")) {
            statement.setString(1, facts);
            statement.setObject(2, UUID.fromString(holderId));
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
    }
}
