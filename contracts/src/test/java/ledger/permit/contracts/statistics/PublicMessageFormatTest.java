package ledger.permit.contracts.statistics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ledger.permit.contracts.statistics.EntitlementChangeV2.Cause;
import ledger.permit.contracts.statistics.EntitlementChangeV2.Change;
import ledger.permit.contracts.statistics.EntitlementChangeV2.Clause;
import ledger.permit.contracts.statistics.EntitlementChangeV2.PolicyRef;
import ledger.permit.contracts.wire.HolderEventCodec;
import ledger.permit.contracts.wire.MalformedMessageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The public messages are pinned by golden samples and by their JSON Schemas. */
class PublicMessageFormatTest {

    private static final ObjectMapper MAPPER = HolderEventCodec.newMapper();
    private static final String KEY = "q7VtV3cN1wq3f8mLrYyQ0m3F0pB2mW8x7w2yF0bXc1A";

    static final HolderFact FACT = new HolderFact("event-SocialInsuranceMonthRecorded", KEY, 3,
            "SocialInsuranceMonthRecorded", 1, Instant.parse("2026-03-02T01:02:03.456Z"), "533102", 1949, "FEMALE",
            "110000", "110100", Map.of("month", "2026-02", "paidOn", "2026-03-05"),
            Map.of("scheme", "PENSION", "transferredFrom", "510104"), null);

    static final EntitlementChange CHANGE = new EntitlementChange("0b6f1d43-8f57-3c0e-9a8e-1c1f4ad1d6a2", KEY, null,
            "LABOUR_EMPLOYMENT", Change.SUSPENDED, "SUSPENDED", "ENTITLED", "533102", LocalDate.of(2027, 3, 15),
            LocalDate.of(2027, 3, 15), new Cause("anniversary", null, null), new PolicyRef("yn-dehong", 1),
            List.of(new Clause("《居住证暂行条例》", "第十二条"), new Clause("《居住证暂行条例》", "第十条")));

    static final HolderFactV2 FACT_V2 = new HolderFactV2("event-SocialInsuranceMonthRecorded", KEY, 3,
            "SocialInsuranceMonthRecorded", 1, YearMonth.of(2026, 3), "533102", "COUNTY", "1940-1949", "FEMALE",
            "110000", "PROVINCE", Map.of("month", "2026-02", "paidOn", "2026-03"),
            Map.of("scheme", "PENSION", "transferredFrom", "110000"), null);

    static final EntitlementChangeV2 CHANGE_V2 = new EntitlementChangeV2("0b6f1d43-8f57-3c0e-9a8e-1c1f4ad1d6a2", KEY,
            null, "LABOUR_EMPLOYMENT", Change.SUSPENDED, "SUSPENDED", "ENTITLED", "533100", "PREFECTURE",
            YearMonth.of(2027, 3), YearMonth.of(2027, 3), new Cause("anniversary", null, null),
            new PolicyRef("yn-dehong", 1),
            List.of(new Clause("《居住证暂行条例》", "第十二条"), new Clause("《居住证暂行条例》", "第十条")));

    /** Version 1 is no longer published, but what it put on the topics still reads. */
    static Stream<Arguments> goldenMessages() {
        return Stream.of(Arguments.of(FACT_V2, "HolderFact.v2"), Arguments.of(CHANGE_V2, "EntitlementChange.v2"),
                Arguments.of(FACT, "HolderFact.v1"), Arguments.of(CHANGE, "EntitlementChange.v1"));
    }

    @ParameterizedTest
    @MethodSource("goldenMessages")
    void each_public_message_writes_exactly_its_golden_sample_and_reads_back(PublicMessage message, String golden)
            throws IOException {
        String written = PublicMessageCodec.write(message);
        assertThat(MAPPER.readTree(written)).isEqualTo(golden(golden));
        assertThat(PublicMessageCodec.read(written)).isEqualTo(message);
    }

    @Test
    void the_version_2_fact_schema_refuses_an_exact_birth_year_or_day() throws IOException {
        ObjectNode withYear = (ObjectNode) golden("HolderFact.v2");
        withYear.put("birthYears", "1949");
        assertThat(MessageSchemas.errors("HolderFact.v2", withYear)).isNotEmpty();

        ObjectNode withDay = (ObjectNode) golden("HolderFact.v2");
        ((ObjectNode) withDay.get("dates")).put("paidOn", "2026-03-05");
        assertThat(MessageSchemas.errors("HolderFact.v2", withDay)).isNotEmpty();

        ObjectNode withGrade = (ObjectNode) golden("HolderFact.v2");
        ((ObjectNode) withGrade.get("codes")).put("grade", "9");
        assertThat(MessageSchemas.errors("HolderFact.v2", withGrade)).isNotEmpty();

        ObjectNode changeOnDay = (ObjectNode) golden("EntitlementChange.v2");
        changeOnDay.put("effectiveMonth", "2027-03-15");
        assertThat(MessageSchemas.errors("EntitlementChange.v2", changeOnDay)).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"HolderFact.v1", "EntitlementChange.v1", "HolderFact.v2", "EntitlementChange.v2"})
    void each_golden_public_sample_satisfies_its_schema(String name) throws IOException {
        assertThat(MessageSchemas.errors(name, golden(name))).isEmpty();
    }

    @Test
    void every_golden_internal_sample_satisfies_the_envelope_schema() throws IOException {
        for (Class<?> type : ledger.permit.contracts.holder.HolderEvent.class.getPermittedSubclasses()) {
            var wire = HolderEventCodec.wireTypeOf(type);
            String name = "/golden/" + wire.name() + ".v" + wire.version() + ".json";
            try (InputStream in = getClass().getResourceAsStream(name)) {
                assertThat(MessageSchemas.errors("HolderEventEnvelope.v1", MAPPER.readTree(in))).as(name).isEmpty();
            }
        }
    }

    @Test
    void the_fact_schema_refuses_a_citizen_id_a_name_or_a_malformed_key() throws IOException {
        ObjectNode withId = (ObjectNode) golden("HolderFact.v1");
        withId.put("citizenId", "11010519491231002X");
        assertThat(MessageSchemas.errors("HolderFact.v1", withId)).isNotEmpty();

        ObjectNode withName = (ObjectNode) golden("HolderFact.v1");
        ((ObjectNode) withName.get("codes")).put("name", "张三");
        assertThat(MessageSchemas.errors("HolderFact.v1", withName)).isNotEmpty();

        ObjectNode idAsKey = (ObjectNode) golden("HolderFact.v1");
        idAsKey.put("holderKey", "11010519491231002X");
        assertThat(MessageSchemas.errors("HolderFact.v1", idAsKey)).isNotEmpty();
    }

    @Test
    void the_envelope_schema_refuses_a_payload_of_the_wrong_shape() throws IOException {
        ObjectNode issued;
        try (InputStream in = getClass().getResourceAsStream("/golden/PermitIssued.v1.json")) {
            issued = (ObjectNode) MAPPER.readTree(in);
        }
        ((ObjectNode) issued.get("payload")).remove("issuedOn");
        assertThat(MessageSchemas.errors("HolderEventEnvelope.v1", issued)).isNotEmpty();
    }

    @Test
    void an_unknown_public_type_or_version_is_malformed() {
        assertThatThrownBy(() -> PublicMessageCodec.read("{\"type\":\"HolderFact\",\"version\":3}"))
                .isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> PublicMessageCodec.read("{\"type\":\"Gossip\",\"version\":1}"))
                .isInstanceOf(MalformedMessageException.class);
    }

    private static JsonNode golden(String name) throws IOException {
        try (InputStream in = PublicMessageFormatTest.class.getResourceAsStream("/golden/public/" + name + ".json")) {
            assertThat(in).as("golden sample " + name).isNotNull();
            return MAPPER.readTree(in);
        }
    }
}
