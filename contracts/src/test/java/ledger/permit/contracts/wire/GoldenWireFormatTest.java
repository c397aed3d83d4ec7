package ledger.permit.contracts.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.holder.HolderEvent.ChildSchoolYearRecorded;
import ledger.permit.contracts.holder.HolderEvent.ChildSchoolingCompleted;
import ledger.permit.contracts.holder.HolderEvent.HukouRecorded;
import ledger.permit.contracts.holder.HolderEvent.ContinuousResidenceRecorded;
import ledger.permit.contracts.holder.HolderEvent.HukouSettled;
import ledger.permit.contracts.holder.HolderEvent.PermitApplicationRefused;
import ledger.permit.contracts.holder.HolderEvent.PermitApplied;
import ledger.permit.contracts.holder.HolderEvent.PermitCancelled;
import ledger.permit.contracts.holder.HolderEvent.PermitEndorsed;
import ledger.permit.contracts.holder.HolderEvent.PermitIssued;
import ledger.permit.contracts.holder.HolderEvent.PermitRejected;
import ledger.permit.contracts.holder.HolderEvent.QualificationRecorded;
import ledger.permit.contracts.holder.HolderEvent.ResidenceMoved;
import ledger.permit.contracts.holder.HolderEvent.SocialInsuranceMonthRecorded;
import ledger.permit.contracts.holder.HolderEvent.SocialInsuranceMonthRetracted;
import ledger.permit.contracts.holder.UnmetCondition;
import ledger.permit.contracts.values.InsuranceScheme;
import ledger.permit.contracts.values.QualificationKind;
import ledger.permit.contracts.values.SchoolLevel;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.values.PermitBasis;
import ledger.permit.contracts.values.RegionCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The golden samples pin the wire format: a change that breaks one needs a new version and an upcaster. */
class GoldenWireFormatTest {

    private static final ObjectMapper MAPPER = HolderEventCodec.newMapper();
    private static final HolderId HOLDER = HolderId.of("6f1c2a8e-4b7d-4e0a-9c55-0d2b7f3e9a11");
    private static final Instant RECORDED = Instant.parse("2026-03-02T01:02:03.456Z");

    static Stream<HolderEvent> samples() {
        return Stream.of(
                new PermitApplied(HOLDER, CitizenId.of("11010519491231002X"), RegionCode.of("533102"),
                        LocalDate.of(2025, 6, 1), PermitBasis.EMPLOYMENT, LocalDate.of(2026, 3, 1)),
                new PermitIssued(HOLDER, LocalDate.of(2026, 3, 15)),
                new PermitApplicationRefused(HOLDER, CitizenId.of("11010519491231002X"), RegionCode.of("530302"),
                        LocalDate.of(2025, 9, 1), PermitBasis.RESIDENCE, LocalDate.of(2025, 9, 20), "yn-qujing",
                        List.of(new UnmetCondition("residenceBeforeApplication", "residence of at least P30D",
                                "resident since 2025-09-01, applied on 2025-09-20", "曲政发〔2015〕82号", "十二"))),
                new PermitRejected(HOLDER, LocalDate.of(2026, 3, 10), "材料不实"),
                new PermitEndorsed(HOLDER, LocalDate.of(2027, 3, 1)),
                new ContinuousResidenceRecorded(HOLDER, RegionCode.of("533102"), LocalDate.of(2024, 1, 1),
                        LocalDate.of(2025, 5, 31)),
                new SocialInsuranceMonthRecorded(HOLDER, RegionCode.of("533102"), YearMonth.of(2026, 2),
                        InsuranceScheme.PENSION, LocalDate.of(2026, 3, 5), RegionCode.of("510104")),
                new SocialInsuranceMonthRetracted(HOLDER, YearMonth.of(2026, 2), InsuranceScheme.PENSION, "重复申报"),
                new ChildSchoolYearRecorded(HOLDER, CitizenId.withCheckCharacter("51010420090505122"),
                        RegionCode.of("533102"), SchoolLevel.JUNIOR_SECONDARY, 7, LocalDate.of(2026, 9, 1),
                        LocalDate.of(2027, 7, 15)),
                new ChildSchoolingCompleted(HOLDER, CitizenId.withCheckCharacter("51010420090505122"),
                        RegionCode.of("533102"), SchoolLevel.JUNIOR_SECONDARY, LocalDate.of(2029, 7, 10)),
                new HukouRecorded(HOLDER, RegionCode.of("430302"), LocalDate.of(2019, 5, 6)),
                new QualificationRecorded(HOLDER, QualificationKind.STABLE_RESIDENCE, RegionCode.of("533102"),
                        LocalDate.of(2026, 4, 1), "租赁登记备案"),
                new ResidenceMoved(HOLDER, RegionCode.of("533102"), RegionCode.of("530302"), LocalDate.of(2027, 1, 5)),
                new HukouSettled(HOLDER, RegionCode.of("533102"), LocalDate.of(2027, 6, 1)),
                new PermitCancelled(HOLDER, LocalDate.of(2027, 6, 2), "本人申请注销"));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void each_event_type_writes_exactly_its_golden_sample(HolderEvent event) throws IOException {
        WireType wire = HolderEventCodec.wireTypeOf(event.getClass());
        String written = HolderEventCodec.write(
                HolderEventCodec.envelope("event-" + wire.name(), 3, RECORDED, event));
        assertThat(MAPPER.readTree(written)).isEqualTo(golden(wire));
    }

    /** The forwarder's way: the payload's text as the event store holds it, put into the envelope as it is. */
    @ParameterizedTest
    @MethodSource("samples")
    void an_envelope_around_the_stored_payload_text_is_the_same_text(HolderEvent event) throws IOException {
        WireType wire = HolderEventCodec.wireTypeOf(event.getClass());
        String stored = MAPPER.writeValueAsString(event);
        String written = HolderEventCodec.write("event-" + wire.name(), event.getClass(), HOLDER.toString(), 3,
                RECORDED, stored);
        assertThat(written).isEqualTo(HolderEventCodec.write(
                HolderEventCodec.envelope("event-" + wire.name(), 3, RECORDED, event)));
        assertThat(MAPPER.readTree(written)).isEqualTo(golden(wire));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void each_golden_sample_reads_back_as_the_event(HolderEvent event) throws IOException {
        WireType wire = HolderEventCodec.wireTypeOf(event.getClass());
        HolderEventEnvelope envelope = HolderEventCodec.read(MAPPER.writeValueAsString(golden(wire)));
        assertThat(envelope.sequence()).isEqualTo(3);
        assertThat(envelope.recordedAt()).isEqualTo(RECORDED);
        assertThat(HolderEventCodec.payload(envelope)).isEqualTo(event);
    }

    @Test
    void every_holder_event_type_has_a_golden_sample() {
        assertThat(samples().map(Object::getClass))
                .containsExactlyInAnyOrderElementsOf(Arrays.asList(HolderEvent.class.getPermittedSubclasses()));
    }

    @Test
    void an_unknown_type_or_version_is_malformed_not_guessed() {
        HolderEventEnvelope unknown = new HolderEventEnvelope("e", "PermitIssued", 99, HOLDER.toString(), 0,
                RECORDED, MAPPER.createObjectNode());
        assertThatThrownBy(() -> HolderEventCodec.payload(unknown)).isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> HolderEventCodec.read("{not json")).isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void a_payload_with_an_invalid_citizen_id_is_malformed() throws IOException {
        JsonNode golden = golden(HolderEventCodec.wireTypeOf(PermitApplied.class));
        ((com.fasterxml.jackson.databind.node.ObjectNode) golden.get("payload")).put("citizenId", "110105194912310021");
        HolderEventEnvelope envelope = HolderEventCodec.read(MAPPER.writeValueAsString(golden));
        assertThatThrownBy(() -> HolderEventCodec.payload(envelope)).isInstanceOf(MalformedMessageException.class);
    }

    private static JsonNode golden(WireType wire) throws IOException {
        String name = "/golden/" + wire.name() + ".v" + wire.version() + ".json";
        try (InputStream in = GoldenWireFormatTest.class.getResourceAsStream(name)) {
            assertThat(in).as("golden sample " + name).isNotNull();
            return MAPPER.readTree(in);
        }
    }
}
