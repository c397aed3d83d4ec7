package ledger.permit.projector;

import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.holder.HolderEvent.PermitApplied;
import ledger.permit.contracts.holder.HolderEvent.PermitIssued;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.values.PermitBasis;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.contracts.wire.HolderEventCodec;
import ledger.permit.contracts.wire.HolderEventEnvelope;
import ledger.permit.contracts.wire.MalformedMessageException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The read model on real PostgreSQL: idempotent per event, atomic with its position, strict on order. */
class ReadModelWriterTest {

    private static JdbcTemplate jdbc;
    private static TransactionTemplate transaction;
    private static ReadModelWriter writer;

    @BeforeAll
    static void startDatabase() throws IOException {
        var dataSource = new SingleConnectionDataSource(TestDatabase.url("read_model"), "postgres", "", true);
        jdbc = new JdbcTemplate(dataSource);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        writer = new ReadModelWriter(jdbc, transaction);
    }

    @Test
    void each_event_joins_the_holders_fact_log_and_the_summary_follows_the_permit() {
        HolderId holder = newHolder();
        writer.apply(envelope(0, applied(holder, "53310219900307123")));
        assertThat(holderRow(holder)).containsEntry("permit_status", "APPLIED");
        assertThat(writer.apply(envelope(1, new PermitIssued(holder, LocalDate.of(2026, 3, 15)))))
                .isEqualTo(ApplyOutcome.APPLIED);

        assertThat(jdbc.queryForList("SELECT sequence, type, payload->>'issuedOn' AS issued FROM holder_event "
                        + "WHERE holder_id = ? ORDER BY sequence", holder.value()))
                .extracting(row -> row.get("type"))
                .containsExactly("PermitApplied", "PermitIssued");
        assertThat(holderRow(holder)).containsEntry("permit_status", "ISSUED").containsEntry("last_sequence", 1L);
    }

    @Test
    void a_redelivered_event_changes_nothing() {
        HolderId holder = newHolder();
        HolderEventEnvelope first = envelope(0, applied(holder, "53310219900307124"));
        HolderEventEnvelope second = envelope(1, new PermitIssued(holder, LocalDate.of(2026, 3, 15)));
        writer.apply(first);
        writer.apply(second);
        Map<String, Object> before = holderRow(holder);

        assertThat(writer.apply(first)).isEqualTo(ApplyOutcome.DUPLICATE);
        assertThat(writer.apply(second)).isEqualTo(ApplyOutcome.DUPLICATE);
        assertThat(holderRow(holder)).isEqualTo(before);
        assertThat(logLength(holder)).isEqualTo(2);
    }

    @Test
    void an_event_after_a_gap_is_refused_and_nothing_is_written() {
        HolderId holder = newHolder();
        writer.apply(envelope(0, applied(holder, "53310219900307125")));
        Map<String, Object> before = holderRow(holder);

        assertThatThrownBy(() -> writer.apply(envelope(2, new PermitIssued(holder, LocalDate.of(2026, 3, 15)))))
                .isInstanceOf(SequenceGapException.class);
        assertThat(holderRow(holder)).isEqualTo(before);
        assertThat(logLength(holder)).isEqualTo(1);
    }

    @Test
    void a_stream_that_does_not_start_with_an_application_is_malformed() {
        HolderId holder = newHolder();
        assertThatThrownBy(() -> writer.apply(envelope(0, new PermitIssued(holder, LocalDate.of(2026, 3, 15)))))
                .isInstanceOf(MalformedMessageException.class);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM holder WHERE holder_id = ?", Long.class,
                holder.value())).isZero();
    }

    @Test
    void a_batch_leaves_the_read_model_as_the_same_events_one_at_a_time_do() {
        // the same histories twice, for other holders and citizens: once in one batch, once one event at a time
        String[][] citizens = {{"53310219900307127", "53310219900307128", "53310219900307126"},
                {"53310219900307130", "53310219900307131", "53310219900307129"}};
        HolderId[][] holders = {{newHolder(), newHolder(), newHolder()}, {newHolder(), newHolder(), newHolder()}};
        for (int round = 0; round < 2; round++) {
            HolderId[] h = holders[round];
            String[] c = citizens[round];
            writer.apply(envelope(0, applied(h[2], c[2])));
            List<HolderEventEnvelope> events = List.of(
                    envelope(0, applied(h[0], c[0])),
                    envelope(0, applied(h[1], c[1])),
                    envelope(0, applied(h[2], c[2])),       // redelivered
                    envelope(1, new PermitIssued(h[0], LocalDate.of(2026, 3, 15))),
                    envelope(1, new PermitIssued(h[2], LocalDate.of(2026, 3, 16))));
            if (round == 0) {
                List<ApplyOutcome> outcomes = new TransactionTemplate(
                        new DataSourceTransactionManager(jdbc.getDataSource()))
                        .execute(status -> writer.applyAllInTransaction(events));
                assertThat(outcomes).containsExactly(
                        ApplyOutcome.APPLIED, ApplyOutcome.APPLIED, ApplyOutcome.DUPLICATE, ApplyOutcome.APPLIED,
                        ApplyOutcome.APPLIED);
            } else {
                assertThat(events.stream().map(writer::apply).toList()).containsExactly(
                        ApplyOutcome.APPLIED, ApplyOutcome.APPLIED, ApplyOutcome.DUPLICATE, ApplyOutcome.APPLIED,
                        ApplyOutcome.APPLIED);
            }
        }
        for (int i = 0; i < 3; i++) {
            Map<String, Object> batched = holderRow(holders[0][i]);
            Map<String, Object> oneByOne = holderRow(holders[1][i]);
            assertThat(batched.get("permit_status")).isEqualTo(oneByOne.get("permit_status"));
            assertThat(batched.get("last_sequence")).isEqualTo(oneByOne.get("last_sequence"));
            assertThat(anonymous(batched, holders[0][i], citizens[0][i]))
                    .isEqualTo(anonymous(oneByOne, holders[1][i], citizens[1][i]));
            assertThat(logLength(holders[0][i])).isEqualTo(logLength(holders[1][i]));
        }
        assertThat(holderRow(holders[0][0])).containsEntry("permit_status", "ISSUED").containsEntry("last_sequence", 1L);
    }

    /** A holder's facts with its holder and citizen IDs blanked, to compare two holders' histories. */
    private static String anonymous(Map<String, Object> row, HolderId holder, String citizenFirst17) {
        return row.get("facts").toString().replace(holder.toString(), "H")
                .replace(CitizenId.withCheckCharacter(citizenFirst17).value(), "C");
    }

    @Test
    void a_batch_with_a_gap_writes_nothing() {
        HolderId holder = newHolder();
        HolderId other = newHolder();
        writer.apply(envelope(0, applied(holder, "53310219900307132")));
        Map<String, Object> before = holderRow(holder);

        assertThatThrownBy(() -> new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()))
                .execute(status -> writer.applyAllInTransaction(List.of(
                        envelope(0, applied(other, "53310219900307133")),
                        envelope(1, new PermitIssued(holder, LocalDate.of(2026, 3, 15))),
                        envelope(3, new PermitIssued(holder, LocalDate.of(2026, 3, 16)))))))
                .isInstanceOf(SequenceGapException.class);
        assertThat(holderRow(holder)).isEqualTo(before);
        assertThat(logLength(holder)).isEqualTo(1);
        assertThat(logLength(other)).isZero();
    }

    @Test
    void text_of_every_kind_is_stored_as_it_came() {
        HolderId holder = newHolder();
        String reason = "材料不全, \"证明\" 缺页\\第2页\n\t;'' ,, \\N \"\" end";
        writer.apply(envelope(0, applied(holder, "53310219900307134")));
        HolderEventEnvelope rejected = HolderEventCodec.read(HolderEventCodec.write(HolderEventCodec.envelope(
                holder + "-1", 1, Instant.parse("2026-03-15T02:00:00.123456789Z"),
                new HolderEvent.PermitRejected(holder, LocalDate.of(2026, 3, 16), reason))));
        writer.apply(rejected);

        Map<String, Object> row = jdbc.queryForMap("SELECT payload::text AS payload, recorded_at, event_id, type "
                + "FROM holder_event WHERE holder_id = ? AND sequence = 1", holder.value());
        assertThat(readTree(row.get("payload").toString())).isEqualTo(rejected.payload());
        assertThat(readTree(row.get("payload").toString()).path("reason").asText()).isEqualTo(reason);
        assertThat(((java.sql.Timestamp) row.get("recorded_at")).toInstant())
                .isEqualTo(Instant.parse("2026-03-15T02:00:00.123457Z"));
        assertThat(row).containsEntry("event_id", holder + "-1").containsEntry("type", "PermitRejected");
        assertThat(holderRow(holder)).containsEntry("permit_status", "REJECTED").containsEntry("last_sequence", 1L);
    }

    @Test
    void the_holders_row_keeps_the_latest_record_time_of_its_events_though_they_come_out_of_order() {
        HolderId holder = newHolder();
        Instant first = Instant.parse("2026-03-15T02:00:00.000001Z");
        writer.apply(envelope(0, first, applied(holder, "53310219900307145")));
        assertThat(lastRecordedAt(holder)).isEqualTo(first);
        // recorded by a command service whose clock is behind
        writer.apply(envelope(1, first.minusSeconds(60), new PermitIssued(holder, LocalDate.of(2026, 3, 15))));
        assertThat(lastRecordedAt(holder)).isEqualTo(first);

        Instant latest = first.plusSeconds(3600);
        transaction.executeWithoutResult(status -> writer.applyAllInTransaction(List.of(
                envelope(2, latest, new PermitIssued(holder, LocalDate.of(2026, 3, 16))),
                envelope(3, latest.minusSeconds(1), new PermitIssued(holder, LocalDate.of(2026, 3, 17))))));
        assertThat(lastRecordedAt(holder)).isEqualTo(latest);
        assertThat(holderRow(holder)).containsEntry("last_sequence", 3L);
    }

    @Test
    void an_event_without_a_record_time_is_refused_and_nothing_is_written() {
        HolderId holder = newHolder();
        writer.apply(envelope(0, applied(holder, "53310219900307156")));
        Map<String, Object> before = holderRow(holder);
        HolderEvent issued = new PermitIssued(holder, LocalDate.of(2026, 3, 15));
        HolderEventEnvelope untimed = new HolderEventEnvelope(holder + "-1", "PermitIssued", 1, holder.toString(), 1,
                null, HolderEventCodec.newMapper().valueToTree(issued));

        assertThatThrownBy(() -> writer.apply(untimed)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("no record time");
        assertThat(holderRow(holder)).isEqualTo(before);
        assertThat(logLength(holder)).isEqualTo(1);
    }

    private static Instant lastRecordedAt(HolderId holder) {
        return jdbc.queryForObject("SELECT last_recorded_at FROM holder WHERE holder_id = ?", java.sql.Timestamp.class,
                holder.value()).toInstant();
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return HolderEventCodec.newMapper().readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static HolderId newHolder() {
        return new HolderId(UUID.randomUUID());
    }

    private static PermitApplied applied(HolderId holder, String first17) {
        return new PermitApplied(holder, CitizenId.withCheckCharacter(first17), RegionCode.of("533102"),
                LocalDate.of(2025, 6, 1), PermitBasis.EMPLOYMENT, LocalDate.of(2026, 3, 1));
    }

    private static HolderEventEnvelope envelope(long sequence, HolderEvent event) {
        return envelope(sequence, Instant.parse("2026-03-15T02:00:00Z"), event);
    }

    private static HolderEventEnvelope envelope(long sequence, Instant recordedAt, HolderEvent event) {
        return HolderEventCodec.read(HolderEventCodec.write(HolderEventCodec.envelope(
                event.holderId() + "-" + sequence, sequence, recordedAt, event)));
    }

    private static Map<String, Object> holderRow(HolderId holder) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT permit_status, facts::text AS facts, last_sequence, last_event_id, last_recorded_at, "
                        + "updated_at "
                        + "FROM holder WHERE holder_id = ?", holder.value());
        assertThat(rows).hasSize(1);
        return rows.getFirst();
    }

    private static long logLength(HolderId holder) {
        return jdbc.queryForObject("SELECT count(*) FROM holder_event WHERE holder_id = ?", Long.class,
                holder.value());
    }
}
