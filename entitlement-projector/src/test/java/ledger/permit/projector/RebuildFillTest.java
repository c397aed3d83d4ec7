package ledger.permit.projector;

import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.permit.contracts.holder.HolderEvent.QualificationRecorded;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.values.QualificationKind;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.contracts.wire.HolderEventCodec;
import ledger.permit.contracts.wire.HolderEventEnvelope;
import ledger.permit.contracts.wire.MalformedMessageException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RebuildFillTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The ranges the holders are folded in start where PostgreSQL's order of identifiers splits evenly. */
    @Test
    void ranges_split_the_identifiers_evenly_in_postgresql_order() {
        assertThat(IntStream.range(0, 2).mapToObj(i -> RebuildFill.boundary(i, 2).toString()))
                .containsExactly("00000000-0000-0000-0000-000000000000", "80000000-0000-0000-0000-000000000000");
        assertThat(IntStream.range(0, 4).mapToObj(i -> RebuildFill.boundary(i, 4).toString()))
                .containsExactly("00000000-0000-0000-0000-000000000000", "40000000-0000-0000-0000-000000000000",
                        "80000000-0000-0000-0000-000000000000", "c0000000-0000-0000-0000-000000000000");
        assertThat(RebuildFill.boundary(0, 1)).isEqualTo(new UUID(0, 0));
    }

    /** The first pass keeps the payload as text; the row it writes is the live writer's row of the same message. */
    @Test
    void an_envelope_read_as_text_gives_the_live_writers_fact_row() throws Exception {
        HolderId holder = new HolderId(UUID.randomUUID());
        List<HolderEventEnvelope> envelopes = new ArrayList<>(Histories.worker(holder, Histories.newCitizen(), 3));
        envelopes.add(HolderEventCodec.envelope(UUID.randomUUID().toString(), envelopes.size(),
                Instant.parse("2026-03-15T02:00:00.123456789Z"), new QualificationRecorded(holder,
                        QualificationKind.COLLEGE_DEGREE, RegionCode.of("533102"), LocalDate.of(2020, 7, 1),
                        "云南大学 \"学士\", a\\b,\nc \u0001 \uD83D\uDE00")));
        for (HolderEventEnvelope envelope : envelopes) {
            ConsumerRecord<String, String> record = record(HolderEventCodec.write(envelope));
            Object[] live = ReadModelWriter.factRow(RebuildFill.envelope(record));
            RebuildFill.StoredEnvelope stored = RebuildFill.stored(record);
            Object[] rebuilt = ReadModelWriter.factRow(stored.holderId(), stored.sequence(), stored.eventId(),
                    stored.type(), stored.version(), stored.recordedAt(), stored.payload());

            assertThat(rebuilt).hasSize(7);
            assertThat(List.of(rebuilt).subList(0, 6)).isEqualTo(List.of(live).subList(0, 6));
            assertThat(JSON.readTree((String) rebuilt[6])).isEqualTo(JSON.readTree((String) live[6]))
                    .isEqualTo(envelope.payload());
        }
    }

    /**
     * The first pass keeps a record time that is already as the fact log's {@code COPY} gets it; any other it reads
     * and writes as the live writer does, so that the time written is the live writer's in every case.
     */
    @Test
    void a_record_time_in_any_form_gives_the_live_writers_time() {
        HolderEventEnvelope envelope = Histories.worker(new HolderId(UUID.randomUUID()), Histories.newCitizen(), 0)
                .getFirst();
        String written = HolderEventCodec.write(envelope);
        String time = "\"" + envelope.recordedAt() + "\"";
        assertThat(written).contains("\"recordedAt\":" + time);
        List<String> canonical = List.of("2026-03-15T02:00:00Z", "2026-03-15T02:00:00.100Z",
                "2026-03-15T02:00:00.123456Z", "2024-02-29T23:59:59.000001Z", "1000-01-01T00:00:00Z");
        List<String> other = List.of("2026-03-15T02:00:00.1Z", "2026-03-15T02:00:00.000Z",
                "2026-03-15T02:00:00.120000Z", "2026-03-15T02:00:00.123456789Z", "2026-03-15T02:00:00.0000005Z",
                "2026-03-15T02:00:00.0000015Z", "2026-03-15t02:00:00z", "0999-12-31T23:59:59Z",
                "2026-03-15T24:00:00Z", "2026-06-30T23:59:60Z");
        for (String form : canonical) {
            assertThat(RebuildFill.CopyTimestamp.canonicalMicros(form)).as(form)
                    .isEqualTo(CopyIn.micros(Instant.parse(form)));
        }
        for (String form : other) {
            assertThat(RebuildFill.CopyTimestamp.canonicalMicros(form)).as(form).isNull();
        }
        List<String> forms = new ArrayList<>();
        canonical.forEach(form -> forms.add("\"" + form + "\""));
        other.forEach(form -> forms.add("\"" + form + "\""));
        forms.add("1773540000.5"); // seconds since the epoch, which Jackson reads too
        for (String form : forms) {
            ConsumerRecord<String, String> record = record(written.replace(time, form));
            Object[] live = ReadModelWriter.factRow(RebuildFill.envelope(record));
            assertThat(RebuildFill.stored(record).recordedAt()).as(form).isEqualTo(live[5]);
        }
        for (String form : List.of("2026-02-29T00:00:00Z", "2026-03-15T02:60:00Z",
                "2026-03-15T02:00:60Z", "2026-13-15T02:00:00Z", "2026-03-15 02:00:00Z", "2026-03-15T02:00:0aZ")) {
            ConsumerRecord<String, String> record = record(written.replace(time, "\"" + form + "\""));
            assertThatThrownBy(() -> RebuildFill.envelope(record)).as(form)
                    .isInstanceOf(MalformedMessageException.class);
            assertThatThrownBy(() -> RebuildFill.stored(record)).as(form)
                    .isInstanceOf(MalformedMessageException.class);
        }
    }

    /**
     * The first pass cuts a payload from the message as it stands, unless Jackson would write it as another value
     * (a number with a fraction or exponent) or PostgreSQL could refuse it (an escaped character): those it writes
     * as the live writer does.
     */
    @Test
    void a_payload_is_cut_from_the_message_unless_the_live_writer_would_write_it_otherwise() {
        HolderEventEnvelope envelope = Histories.worker(new HolderId(UUID.randomUUID()), Histories.newCitizen(), 0)
                .getFirst();
        String written = HolderEventCodec.write(envelope);
        String payload = envelope.payload().toString();
        assertThat(written).contains("\"payload\":" + payload);
        String spaced = "{ \"a\" : [ 1, {\"b\": \"中\"} ] , \"c\":{}, \"d\": [] }";
        ConsumerRecord<String, String> plain = record(written.replace(payload, spaced));
        assertThat(RebuildFill.stored(plain).payload()).isEqualTo(spaced);
        for (String other : List.of("{\"a\":1.10,\"b\":[2e3]}", "{\"a\":\"\\u4e2d\\ud83d\\ude00\"}",
                "{\"a\":\"\\ud800\"}", "\"text\"", "[1.50]", "7")) {
            ConsumerRecord<String, String> record = record(written.replace(payload, other));
            Object[] live = ReadModelWriter.factRow(RebuildFill.envelope(record));
            assertThat(RebuildFill.stored(record).payload()).as(other).isEqualTo(live[6]);
        }
    }

    /** What the live projector cannot read as an envelope, the first pass does not take either. */
    @Test
    void a_message_that_is_no_envelope_is_refused_as_the_live_projector_refuses_it() {
        HolderEventEnvelope envelope = Histories.worker(new HolderId(UUID.randomUUID()), Histories.newCitizen(), 0)
                .getFirst();
        String written = HolderEventCodec.write(envelope);
        for (String message : List.of("{\"notAnEvent\": true}", written.replace("{\"eventId\"", "{\"extra\":1,\"eventId\""),
                written.replace(envelope.holderId(), envelope.holderId().toUpperCase()), "[1, 2]", "not json")) {
            assertThatThrownBy(() -> RebuildFill.stored(record(message))).as(message)
                    .isInstanceOf(MalformedMessageException.class);
            assertThatThrownBy(() -> RebuildFill.envelope(record(message))).as(message)
                    .isInstanceOf(MalformedMessageException.class);
        }
    }

    private static ConsumerRecord<String, String> record(String value) {
        return new ConsumerRecord<>("holder-events", 0, 0L, "key", value);
    }
}
