package ledger.permit.storedfacts;

import ledger.permit.contracts.values.InsuranceScheme;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.rules.facts.HolderFacts.InsuranceMonth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stored form of a holder's contribution months: one text a month, and the earlier object of objects. */
class StoredInsuranceMonthsTest {

    private static final RegionCode RUILI = RegionCode.of("533102");
    private static final RegionCode MANGSHI = RegionCode.of("533103");

    private static HolderFacts withMonths(InsuranceMonth... months) {
        Map<String, InsuranceMonth> all = new TreeMap<>();
        for (InsuranceMonth month : months) {
            all.put(HolderFacts.key(month.month(), month.scheme()), month);
        }
        return new HolderFacts("510104", List.of(), List.of(), all, Map.of(), List.of(), List.of(), Map.of());
    }

    private static String factsWithStoredMonths(String months) {
        return "{\"hukouRegion\":\"510104\",\"permits\":[],\"residence\":[],\"insurance\":" + months
                + ",\"children\":{},\"qualifications\":[]}";
    }

    @Test
    void each_month_is_one_text_in_the_order_of_the_keys() {
        HolderFacts facts = withMonths(
                new InsuranceMonth(RUILI, YearMonth.of(2025, 2), InsuranceScheme.PENSION, null, MANGSHI),
                new InsuranceMonth(RUILI, YearMonth.of(2025, 1), InsuranceScheme.PENSION, LocalDate.of(2025, 2, 5),
                        null),
                new InsuranceMonth(RUILI, YearMonth.of(2025, 1), InsuranceScheme.MEDICAL, LocalDate.of(2025, 2, 5),
                        null));

        String months = "[\"2025-01 MEDICAL 533102 2025-02-05 -\","
                + "\"2025-01 PENSION 533102 2025-02-05 -\",\"2025-02 PENSION 533102 - 533103\"]";
        String stored = factsWithStoredMonths(months);
        assertThat(StoredFacts.write(facts)).isEqualTo(stored.substring(0, stored.length() - 1)
                + ",\"hukou\":[],\"completions\":{}}");
        assertThat(StoredFacts.read(StoredFacts.write(facts))).isEqualTo(facts);
        // facts stored before the hukou and the children's completions were facts read as having none
        assertThat(StoredFacts.read(stored)).isEqualTo(facts);
    }

    @Test
    void facts_stored_with_the_months_as_objects_read_as_the_same_facts() {
        String earlier = factsWithStoredMonths("{\"2025-02/PENSION\":{\"jurisdiction\":\"533102\","
                + "\"month\":\"2025-02\",\"scheme\":\"PENSION\",\"paidOn\":null,\"transferredFrom\":\"533103\"},"
                + "\"2025-01/MEDICAL\":{\"jurisdiction\":\"533102\",\"month\":\"2025-01\",\"scheme\":\"MEDICAL\","
                + "\"paidOn\":\"2025-04-30\",\"transferredFrom\":null}}");

        HolderFacts facts = StoredFacts.read(earlier);

        assertThat(facts).isEqualTo(withMonths(
                new InsuranceMonth(RUILI, YearMonth.of(2025, 2), InsuranceScheme.PENSION, null, MANGSHI),
                new InsuranceMonth(RUILI, YearMonth.of(2025, 1), InsuranceScheme.MEDICAL, LocalDate.of(2025, 4, 30),
                        null)));
        assertThat(StoredFacts.read(factsWithStoredMonths("{}")).insurance()).isEmpty();
    }

    @Test
    void each_month_keeps_its_own_regions_when_they_change_from_month_to_month() {
        HolderFacts facts = withMonths(
                new InsuranceMonth(RUILI, YearMonth.of(2025, 1), InsuranceScheme.PENSION, null, null),
                new InsuranceMonth(MANGSHI, YearMonth.of(2025, 2), InsuranceScheme.PENSION, null, RUILI),
                new InsuranceMonth(MANGSHI, YearMonth.of(2025, 3), InsuranceScheme.PENSION, null, null),
                new InsuranceMonth(RUILI, YearMonth.of(2025, 4), InsuranceScheme.PENSION, null, MANGSHI),
                new InsuranceMonth(RUILI, YearMonth.of(2025, 4), InsuranceScheme.WORK_INJURY, null, null),
                new InsuranceMonth(MANGSHI, YearMonth.of(2025, 4), InsuranceScheme.MATERNITY, null, null));

        HolderFacts read = StoredFacts.read(StoredFacts.write(facts));

        assertThat(read).isEqualTo(facts);
        assertThat(read.insurance().values()).extracting(InsuranceMonth::jurisdiction)
                .containsExactlyInAnyOrder(RUILI, MANGSHI, MANGSHI, RUILI, RUILI, MANGSHI);
    }

    @Test
    void months_outside_the_plain_four_digit_years_keep_their_key() {
        HolderFacts facts = withMonths(new InsuranceMonth(RUILI, YearMonth.of(999, 12), InsuranceScheme.PENSION,
                LocalDate.of(999, 12, 31), null));

        HolderFacts read = StoredFacts.read(StoredFacts.write(facts));

        assertThat(read).isEqualTo(facts);
        assertThat(read.insurance()).containsOnlyKeys("0999-12/PENSION");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[\"2025-01 PENSION 533102 2025-02-05\"]",
            "[\"2025-01 PENSION 533102 2025-02-05 - -\"]",
            "[\"2025-13 PENSION 533102 2025-02-05 -\"]",
            "[\"2025-01 PENSIONS 533102 2025-02-05 -\"]",
            "[\"2025-01 PENSIO 533102 2025-02-05 -\"]",
            "[\"2025-01 PENSION 533102 - -\",\"2025-02 PENSION 993102 - -\"]",
            "[\"2025-01 PENSION 533102 - -\",\"2025-02 PENSION 5331020 - -\"]",
            "[\"2025-01 PENSION 533102 - -\",\"2025-02 PENSION 533102 - --\"]",
            "[\"2025-01 PENSION 993102 2025-02-05 -\"]",
            "[\"2025-01 PENSION 533102 2025-02-30 -\"]",
            "[\"2025-01 PENSION 533102 - 5331\"]",
            "[\"2025-01 PENSION 533102 - -\",\"2025-01 PENSION 533103 - -\"]",
            "[12]",
            "\"2025-01 PENSION 533102 - -\""})
    void a_month_stored_otherwise_is_refused(String months) {
        assertThatThrownBy(() -> StoredFacts.read(factsWithStoredMonths(months)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("stored facts cannot be read");
    }
}
