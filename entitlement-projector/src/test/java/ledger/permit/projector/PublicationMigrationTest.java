package ledger.permit.projector;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Array;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The publication schema's migrations, applied to an outbox written by the relay of the version before them. */
class PublicationMigrationTest {

    @Test
    void the_outbox_keeps_what_was_unsent_and_the_batch_being_sent_and_drops_what_was_sent() throws Exception {
        var dataSource = TestDatabase.get().getPostgresDatabase();
        String schema = "publication_upgrade";
        TestDatabase.migrate(dataSource, schema, ProjectorSetup.PUBLICATION_MIGRATIONS, "1");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        UUID sent = UUID.randomUUID();
        UUID sending = UUID.randomUUID();
        String insert = "INSERT INTO " + schema + ".outbox (stream, message_key, message_id, message_type, "
                + "message_version, payload, batch_id, published_at) VALUES ('holder-facts', 'k', ?, 'HolderFact', 1, "
                + "'{}', ?, %s) RETURNING id";
        long wasSent = jdbc.queryForObject(insert.formatted("now()"), Long.class, "m1", sent);
        long inBatch1 = jdbc.queryForObject(insert.formatted("NULL"), Long.class, "m2", sending);
        long inBatch2 = jdbc.queryForObject(insert.formatted("NULL"), Long.class, "m3", sending);
        long unsent = jdbc.queryForObject(insert.formatted("NULL"), Long.class, "m4", null);

        TestDatabase.migrate(dataSource, schema, ProjectorSetup.PUBLICATION_MIGRATIONS, null);

        assertThat(jdbc.queryForList("SELECT id FROM " + schema + ".outbox ORDER BY id", Long.class))
                .as("sent (%d) removed", wasSent).containsExactly(inBatch1, inBatch2, unsent);
        List<Map<String, Object>> batches = jdbc.queryForList("SELECT batch_id, ids FROM " + schema + ".outbox_batch");
        assertThat(batches).hasSize(1);
        assertThat(batches.getFirst().get("batch_id")).isEqualTo(sending);
        assertThat((Object[]) ((Array) batches.getFirst().get("ids")).getArray()).containsExactly(inBatch1, inBatch2);
        assertThat(jdbc.queryForList("SELECT column_name FROM information_schema.columns WHERE table_schema = ? "
                + "AND table_name = 'outbox'", String.class, schema)).doesNotContain("batch_id", "published_at");
    }
}
