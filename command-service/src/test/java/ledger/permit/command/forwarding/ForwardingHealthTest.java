package ledger.permit.command.forwarding;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The events not yet forwarded, read from the forwarder's tokens as Axon stores them, a replay's too. */
class ForwardingHealthTest {

    private static final String GAP_AWARE = "org.axonframework.eventhandling.GapAwareTrackingToken";
    private static EmbeddedPostgres postgres;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void store() throws Exception {
        postgres = EmbeddedPostgres.start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).load().migrate();
        jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
        for (int i = 0; i < 10; i++) {
            if (i == 5) { // an index a rolled-back transaction took: the fifth event's index is 5, the sixth's 7
                jdbc.queryForObject("SELECT nextval(pg_get_serial_sequence('domainevententry', 'globalindex'))",
                        Long.class);
            }
            jdbc.update("INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, "
                    + "payload, payloadtype, timestamp) VALUES (?, 0, 'Holder', ?, ?, 'PermitApplied', "
                    + "'2026-11-27T00:00:00Z')", UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                    "{}".getBytes(StandardCharsets.UTF_8));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void noTokens() {
        jdbc.update("DELETE FROM tokenentry");
    }

    @Test
    void without_a_token_every_event_waits() {
        assertThat(ForwardingHealth.eventsNotYetForwarded(jdbc)).isEqualTo(10);
    }

    @Test
    void the_furthest_segment_of_a_tracking_token_counts() {
        token(0, "GapAwareTrackingToken", gapAware(lastIndex() - 4));
        token(1, "GapAwareTrackingToken", gapAware(lastIndex() - 2));
        assertThat(ForwardingHealth.eventsNotYetForwarded(jdbc)).isEqualTo(2);
    }

    @Test
    void an_index_no_event_took_is_not_counted() {
        token(0, "GapAwareTrackingToken", gapAware(5));
        assertThat(lastIndex()).isEqualTo(11);
        assertThat(ForwardingHealth.eventsNotYetForwarded(jdbc)).isEqualTo(5);
    }

    @Test
    void during_a_replay_the_position_is_the_replay_s_own() {
        String atReset = gapAware(lastIndex());
        token(0, "ReplayToken", "{\"tokenAtReset\":" + atReset + ",\"currentToken\":" + gapAware(lastIndex() - 3)
                + ",\"context\":null}");
        token(1, "ReplayToken", "{\"tokenAtReset\":" + atReset + ",\"currentToken\":" + gapAware(lastIndex() - 6)
                + ",\"context\":null}");
        assertThat(ForwardingHealth.eventsNotYetForwarded(jdbc)).isEqualTo(3);

        jdbc.update("DELETE FROM tokenentry");
        token(0, "ReplayToken", "{\"tokenAtReset\":" + atReset + ",\"currentToken\":" + atReset + ",\"context\":null}");
        assertThat(ForwardingHealth.eventsNotYetForwarded(jdbc)).isZero();
    }

    @Test
    void a_replay_that_has_sent_nothing_leaves_every_event_waiting() {
        token(0, "ReplayToken", "{\"tokenAtReset\":" + gapAware(lastIndex()) + ",\"currentToken\":null,"
                + "\"context\":null}");
        assertThat(ForwardingHealth.eventsNotYetForwarded(jdbc)).isEqualTo(10);
    }

    private static long lastIndex() {
        return jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
    }

    private static String gapAware(long index) {
        return "{\"@class\":\"" + GAP_AWARE + "\",\"index\":" + index + ",\"gaps\":[]}";
    }

    private static void token(int segment, String type, String json) {
        jdbc.update("INSERT INTO tokenentry (processorname, segment, token, tokentype) VALUES (?, ?, ?, ?)",
                KafkaForwarder.PROCESSING_GROUP, segment, json.getBytes(StandardCharsets.UTF_8),
                "org.axonframework.eventhandling." + type);
    }
}
