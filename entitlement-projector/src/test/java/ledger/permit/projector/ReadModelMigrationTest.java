package ledger.permit.projector;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The read model's migrations, applied to holders written by the projector of the version before them. */
class ReadModelMigrationTest {

    @Test
    void each_holder_gets_the_latest_record_time_of_its_fact_log() {
        var dataSource = TestDatabase.get().getPostgresDatabase();
        String schema = "read_model_upgrade";
        TestDatabase.migrate(dataSource, schema, ReadModelRebuild.READ_MODEL_MIGRATIONS, "2");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        UUID inOrder = holder(jdbc, schema, "533102199003071234");
        UUID outOfOrder = holder(jdbc, schema, "533102199003071235");
        Instant first = Instant.parse("2026-03-15T02:00:00.123456Z");
        Instant later = Instant.parse("2026-03-16T08:30:00Z");
        event(jdbc, schema, inOrder, 0, first);
        event(jdbc, schema, inOrder, 1, later);
        // a later event recorded by a command service whose clock is behind
        event(jdbc, schema, outOfOrder, 0, later);
        event(jdbc, schema, outOfOrder, 1, first);

        TestDatabase.migrate(dataSource, schema, ReadModelRebuild.READ_MODEL_MIGRATIONS, null);

        assertThat(lastRecordedAt(jdbc, schema, inOrder)).isEqualTo(later);
        assertThat(lastRecordedAt(jdbc, schema, outOfOrder)).isEqualTo(later);
        assertThatThrownBy(() -> jdbc.update("UPDATE " + schema + ".holder SET last_recorded_at = NULL"))
                .hasMessageContaining("last_recorded_at");
    }

    @Test
    void facts_and_payloads_written_as_jsonb_keep_their_values_as_json_text() throws Exception {
        var dataSource = TestDatabase.get().getPostgresDatabase();
        String schema = "read_model_json_text";
        TestDatabase.migrate(dataSource, schema, ReadModelRebuild.READ_MODEL_MIGRATIONS, "2");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        String facts = "{\"permits\": [{\"jurisdiction\": \"533102\", \"issuedOn\": \"2026-03-15\"}], "
                + "\"name\": \"中\"}";
        String payload = "{\"month\": \"2026-10\", \"amount\": 1.50, \"scheme\": \"PENSION\"}";
        UUID holder = holder(jdbc, schema, "533102199003071236");
        jdbc.update("UPDATE " + schema + ".holder SET facts = ?::jsonb WHERE holder_id = ?",
                facts, holder);
        jdbc.update("INSERT INTO " + schema + ".holder_event (holder_id, sequence, event_id, type, version, "
                + "recorded_at, payload) VALUES (?, 0, 'e-0', 'InsuranceMonthRecorded', 1, now(), ?::jsonb)", holder,
                payload);

        TestDatabase.migrate(dataSource, schema, ReadModelRebuild.READ_MODEL_MIGRATIONS, null);

        assertThat(jdbc.queryForList("SELECT table_name || '.' || column_name || ' ' || data_type FROM "
                + "information_schema.columns WHERE table_schema = ? AND column_name IN ('facts', 'payload') "
                + "ORDER BY 1", String.class, schema))
                .containsExactly("holder.facts json", "holder_event.payload json");
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(json.readTree(jdbc.queryForObject("SELECT facts::text FROM " + schema + ".holder", String.class)))
                .isEqualTo(json.readTree(facts));
        assertThat(json.readTree(jdbc.queryForObject("SELECT payload::text FROM " + schema + ".holder_event",
                String.class))).isEqualTo(json.readTree(payload));
    }

    private static UUID holder(JdbcTemplate jdbc, String schema, String citizen) {
        UUID id = UUID.randomUUID();
        jdbc.update("INSERT INTO " + schema + ".holder (holder_id, citizen_id, jurisdiction, permit_status, facts, "
                        + "last_sequence, last_event_id) VALUES (?, ?, '533102', 'ISSUED', '{}', 1, ?)", id, citizen,
                id + "-1");
        return id;
    }

    private static void event(JdbcTemplate jdbc, String schema, UUID holder, long sequence, Instant recordedAt) {
        jdbc.update("INSERT INTO " + schema + ".holder_event (holder_id, sequence, event_id, type, version, "
                        + "recorded_at, payload) VALUES (?, ?, ?, 'PermitIssued', 1, ?, '{}')", holder, sequence,
                holder + "-" + sequence, Timestamp.from(recordedAt));
    }

    private static Instant lastRecordedAt(JdbcTemplate jdbc, String schema, UUID holder) {
        return jdbc.queryForObject("SELECT last_recorded_at FROM " + schema + ".holder WHERE holder_id = ?",
                Timestamp.class, holder).toInstant();
    }
}
