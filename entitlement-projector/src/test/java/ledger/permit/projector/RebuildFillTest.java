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
