package ledger.permit.infra.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.permit.infra.local.DatabaseEndpoint;
import ledger.permit.infra.tools.VerifyEventStore;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Art. 20: altering permit records must be visible. Rows are changed, deleted and reordered directly in
 * PostgreSQL, and verification names each by holder and sequence (the API and the infra tool).
 * Runs on the embedded local system.
 */
class TamperEvidenceTest extends EmbeddedLedger {

    @Test
    void an_untouched_holder_verifies_intact_and_the_history_carries_who_recorded_each_event() {
        String holder = holderWithEvents(4);
        JsonNode verification = ledger.client().get("/api/v1/holders/" + holder + "/verification").body();
        assertThat(verification.path("intact").asBoolean()).isTrue();
        assertThat(verification.path("events").asLong()).isEqualTo(4);

        JsonNode history = ledger.client().get("/api/v1/holders/" + holder + "/history").body();
        assertThat(history.path("total").asLong()).isEqualTo(4);
        JsonNode first = history.path("events").get(0);
        assertThat(first.path("type").asText()).isEqualTo("PermitApplied");
        assertThat(first.path("actor").asText()).isEqualTo("officer-0042");
        assertThat(first.path("agency").asText()).isEqualTo("ruili-psb-mengmao");
        assertThat(first.path("chainHash").asText()).hasSize(64);
        assertThat(first.path("payload").path("citizenId").asText()).as("shown in full to an auditor")
                .matches("51[0-9]{15}[0-9X]");
        assertThat(first.path("validTime").path("appliedOn").asText()).isEqualTo("2020-03-02");
        var badPage = ledger.client().get("/api/v1/holders/" + holder + "/history?size=0");
        assertThat(badPage.status()).isEqualTo(400);
        assertThat(badPage.body().path("errors").findValuesAsText("field")).containsExactly("size");
        assertThat(ledger.client().get("/api/v1/holders/" + holder + "/history?page=1&size=3").body()
                .path("events").get(0).path("sequence").asLong()).isEqualTo(3);
    }

    @Test
    void a_changed_a_deleted_and_a_reordered_row_are_each_reported_with_holder_and_sequence() throws SQLException {
        String changed = holderWithEvents(4);
        String deleted = holderWithEvents(4);
        String reordered = holderWithEvents(4);
        try (Connection db = connect()) {
            execute(db, "UPDATE event_store.domainevententry SET payload = convert_to(replace(convert_from(payload, "
                    + "'UTF8'), '2021-03-01', '2021-03-02'), 'UTF8') WHERE aggregateidentifier = '" + changed
                    + "' AND sequencenumber = 2");
            execute(db, "DELETE FROM event_store.domainevententry WHERE aggregateidentifier = '" + deleted
                    + "' AND sequencenumber = 1");
            execute(db, "UPDATE event_store.domainevententry SET sequencenumber = -1 WHERE aggregateidentifier = '"
                    + reordered + "' AND sequencenumber = 2");
            execute(db, "UPDATE event_store.domainevententry SET sequencenumber = 2 WHERE aggregateidentifier = '"
                    + reordered + "' AND sequencenumber = 3");
            execute(db, "UPDATE event_store.domainevententry SET sequencenumber = 3 WHERE aggregateidentifier = '"
                    + reordered + "' AND sequencenumber = -1");
        }

        assertThat(findings(changed)).containsExactly("ALTERED 2");
        assertThat(findings(deleted)).containsExactly("MISSING 1");
        assertThat(findings(reordered)).containsExactly("ALTERED 2", "ALTERED 3");

        DatabaseEndpoint db = ledger.database();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = VerifyEventStore.run(new String[]{"verify-event-store", "--url", db.jdbcUrl(), "--user",
                db.username(), "--password", db.password()}, new PrintStream(output, true, StandardCharsets.UTF_8));
        String report = output.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(report).isEqualTo(2);
        assertThat(report).contains("ALTERED holder " + changed + " event 2")
                .contains("MISSING holder " + deleted + " event 1")
                .contains("ALTERED holder " + reordered + " event 2")
                .contains("ALTERED holder " + reordered + " event 3")
                .contains("holders (100%)")
                .contains("ALTERED: ");
    }

    private java.util.List<String> findings(String holder) {
        JsonNode verification = ledger.client().get("/api/v1/holders/" + holder + "/verification").body();
        assertThat(verification.path("intact").asBoolean()).isFalse();
        java.util.List<String> found = new java.util.ArrayList<>();
        for (JsonNode finding : verification.path("findings")) {
            assertThat(finding.path("holderId").asText()).isEqualTo(holder);
            found.add(finding.path("kind").asText() + " " + finding.path("sequence").asLong());
        }
        return found;
    }

    /** A holder in 瑞丽 with an application, issuance and two endorsements, recorded by a named officer. */
    private String holderWithEvents(int count) {
        Map<String, String> by = Map.of("X-Actor", "officer-0042", "X-Agency", "ruili-psb-mengmao");
        var officer = ledger.services().client("officer-0042", "ruili-psb-mengmao", "REGISTRAR");
        var applied = officer.post("/api/v1/permit-applications",
                application(newCitizen().value(), "533102", "2019-06-01", "EMPLOYMENT", "2020-03-02"), by);
        assertThat(applied.status()).isEqualTo(201);
        String holder = applied.body().path("holderId").asText();
        assertThat(officer.post("/api/v1/holders/" + holder + "/issuance", Map.of("issuedOn", "2020-03-16"), by)
                .status()).isEqualTo(200);
        assertThat(officer.post("/api/v1/holders/" + holder + "/endorsements",
                Map.of("endorsedOn", "2021-03-01"), by).status()).isEqualTo(200);
        assertThat(officer.post("/api/v1/holders/" + holder + "/endorsements",
                Map.of("endorsedOn", "2022-03-01"), by).status()).isEqualTo(200);
        assertThat(count).isEqualTo(4);
        return holder;
    }

    private Connection connect() throws SQLException {
        DatabaseEndpoint db = ledger.database();
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }

    private static void execute(Connection db, String sql) throws SQLException {
        try (var statement = db.createStatement()) {
            assertThat(statement.executeUpdate(sql)).as(sql).isEqualTo(1);
        }
    }
}
