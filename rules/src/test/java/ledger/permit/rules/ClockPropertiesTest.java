package ledger.permit.rules;

import ledger.permit.contracts.catalog.ServiceCode;
import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.holder.HolderEvent.PermitApplied;
import ledger.permit.contracts.holder.HolderEvent.PermitEndorsed;
import ledger.permit.contracts.holder.HolderEvent.PermitIssued;
import ledger.permit.contracts.holder.HolderEvent.QualificationRecorded;
import ledger.permit.contracts.holder.HolderEvent.SocialInsuranceMonthRecorded;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.values.InsuranceScheme;
import ledger.permit.contracts.values.PermitBasis;
import ledger.permit.contracts.values.QualificationKind;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.rules.facts.RecordedEvent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties of the three clocks, over generated insurance histories in 瑞丽 (德宏州). */
class ClockPropertiesTest {

    private static final HolderId HOLDER = new HolderId(UUID.fromString("6f1c2a8e-4b7d-4e0a-9c55-0d2b7f3e9a11"));
    private static final RegionCode RUILI = RegionCode.of("533102");
    private static final Instant KNOWN_LATER = Instant.parse("2030-01-01T00:00:00Z");
    /** Services whose insurance condition is cumulative in 德宏's policy. */
    private static final List<ServiceCode> CUMULATIVE = List.of(ServiceCode.EMPLOYMENT_ASSISTANCE,
            ServiceCode.HOUSING_SECURITY, ServiceCode.SOCIAL_WELFARE, ServiceCode.CHILD_COLLEGE_EXAM);

    @Provide
    Arbitrary<Set<YearMonth>> months() {
        return Arbitraries.integers().between(0, 95).map(i -> YearMonth.of(2019, 1).plusMonths(i)).set().ofMaxSize(60);
    }

    @Provide
    Arbitrary<LocalDate> days() {
        return Arbitraries.integers().between(0, 7 * 365).map(i -> LocalDate.of(2020, 1, 1).plusDays(i));
    }

    @Property(tries = 200)
    void adding_a_contribution_month_never_lowers_a_cumulative_count(@ForAll("months") Set<YearMonth> months,
            @ForAll("months") Set<YearMonth> extra, @ForAll("days") LocalDate on) {
        YearMonth added = extra.isEmpty() ? YearMonth.of(2021, 6) : extra.iterator().next();
        Assessment before = assess(history(months, List.of()), on, null);
        Set<YearMonth> more = new java.util.TreeSet<>(months);
        more.add(added);
        Assessment after = assess(history(more, List.of()), on, null);
        for (ServiceCode code : CUMULATIVE) {
            assertThat(insurance(after, code)).as("%s with %s added", code, added)
                    .isGreaterThanOrEqualTo(insurance(before, code));
        }
    }

    @Property(tries = 200)
    void adding_a_month_to_or_before_the_latest_run_never_lowers_a_continuous_count(
            @ForAll("months") Set<YearMonth> months, @ForAll("days") LocalDate on) {
        // the latest run is made of the months already ended on the day judged
        List<YearMonth> counted = new ArrayList<>(months.stream().filter(m -> m.atEndOfMonth().isBefore(on)).toList());
        Collections.sort(counted);
        YearMonth last = counted.isEmpty() ? YearMonth.from(on).minusMonths(2) : counted.getLast();
        Assessment before = assess(history(months, List.of()), on, null);
        for (YearMonth added : List.of(last.plusMonths(1), last.minusMonths(1), last.minusMonths(7))) {
            Set<YearMonth> more = new java.util.TreeSet<>(months);
            more.add(added);
            Assessment after = assess(history(more, List.of()), on, null);
            assertThat(insurance(after, ServiceCode.ELDERLY_CARE)).as("with %s added", added)
                    .isGreaterThanOrEqualTo(insurance(before, ServiceCode.ELDERLY_CARE));
        }
    }

    @Property(tries = 150)
    void the_order_in_which_facts_arrive_does_not_change_an_answer_known_after_all_of_them(
            @ForAll("months") Set<YearMonth> months, @ForAll("days") LocalDate on, @ForAll long seed) {
        List<HolderEvent> facts = new ArrayList<>(insuranceEvents(months));
        facts.add(new QualificationRecorded(HOLDER, QualificationKind.STABLE_RESIDENCE, RUILI,
                LocalDate.of(2021, 5, 1), "租赁登记备案"));
        List<HolderEvent> shuffled = new ArrayList<>(facts);
        Collections.shuffle(shuffled, new Random(seed));
        assertThat(assess(record(permitFacts(), facts), on, KNOWN_LATER))
                .isEqualTo(assess(record(permitFacts(), shuffled), on, KNOWN_LATER));
    }

    @Property(tries = 150)
    void an_answer_known_before_a_fact_is_unchanged_by_it(@ForAll("months") Set<YearMonth> months,
            @ForAll("months") Set<YearMonth> late, @ForAll("days") LocalDate on) {
        List<RecordedEvent> history = history(months, List.of());
        Instant knownAt = Instant.parse("2027-01-01T00:00:00Z");
        List<RecordedEvent> withLate = new ArrayList<>(history);
        for (HolderEvent event : insuranceEvents(late)) {
            withLate.add(new RecordedEvent(withLate.size(), Instant.parse("2027-06-01T00:00:00Z"), event));
        }
        assertThat(assess(withLate, on, knownAt)).isEqualTo(assess(history, on, knownAt));
    }

    private static int insurance(Assessment assessment, ServiceCode code) {
        return assessment.services().stream().filter(s -> s.code() == code)
                .map(s -> s.progress().insuranceMonths() == null ? 0 : s.progress().insuranceMonths())
                .findFirst().orElseThrow();
    }

    private static Assessment assess(List<RecordedEvent> history, LocalDate on, Instant knownAt) {
        return EntitlementRules.assess(HolderFacts.knownAt(history, knownAt), PolicyScenariosTest.CATALOG, on);
    }

    private static List<RecordedEvent> history(Set<YearMonth> months, List<HolderEvent> more) {
        List<HolderEvent> facts = new ArrayList<>(insuranceEvents(months));
        facts.addAll(more);
        return record(permitFacts(), facts);
    }

    private static List<HolderEvent> permitFacts() {
        List<HolderEvent> events = new ArrayList<>();
        events.add(new PermitApplied(HOLDER, CitizenId.withCheckCharacter("51010419900307123"), RUILI,
                LocalDate.of(2019, 6, 1), PermitBasis.EMPLOYMENT, LocalDate.of(2020, 3, 2)));
        events.add(new PermitIssued(HOLDER, LocalDate.of(2020, 3, 16)));
        for (int year = 2021; year <= 2027; year++) {
            events.add(new PermitEndorsed(HOLDER, LocalDate.of(year, 3, 1)));
        }
        return events;
    }

    private static List<HolderEvent> insuranceEvents(Set<YearMonth> months) {
        return months.stream().sorted().map(m -> (HolderEvent) new SocialInsuranceMonthRecorded(HOLDER, RUILI, m,
                InsuranceScheme.PENSION, null, null)).toList();
    }

    private static List<RecordedEvent> record(List<HolderEvent> first, List<HolderEvent> then) {
        List<RecordedEvent> history = new ArrayList<>();
        for (HolderEvent event : first) {
            history.add(new RecordedEvent(history.size(), Instant.parse("2020-01-01T00:00:00Z"), event));
        }
        for (HolderEvent event : then) {
            history.add(new RecordedEvent(history.size(), Instant.parse("2026-01-01T00:00:00Z"), event));
        }
        return history;
    }
}
