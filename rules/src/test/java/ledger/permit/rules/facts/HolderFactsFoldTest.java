package ledger.permit.rules.facts;

import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.holder.HolderEvent.PermitApplied;
import ledger.permit.contracts.holder.HolderEvent.PermitEndorsed;
import ledger.permit.contracts.holder.HolderEvent.PermitIssued;
import ledger.permit.contracts.holder.HolderEvent.QualificationRecorded;
import ledger.permit.contracts.holder.HolderEvent.SocialInsuranceMonthRecorded;
import ledger.permit.contracts.holder.HolderEvent.SocialInsuranceMonthRetracted;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.values.InsuranceScheme;
import ledger.permit.contracts.values.PermitBasis;
import ledger.permit.contracts.values.QualificationKind;
import ledger.permit.contracts.values.RegionCode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Folding a stream at once ({@link HolderFacts#applyAll}) gives the facts that folding it one event at a time gives,
 * over generated streams of contribution months (the same month recorded twice, from two jurisdictions; months
 * retracted and recorded again) between the permit's events and qualifications.
 */
class HolderFactsFoldTest {

    private static final HolderId HOLDER = new HolderId(UUID.fromString("0b9e7c1a-2f43-4d8e-a1c6-5e7f9d3b2a10"));
    private static final RegionCode RUILI = RegionCode.of("533102");
    private static final RegionCode MANGSHI = RegionCode.of("533103");

    @Provide
    Arbitrary<List<HolderEvent>> streams() {
        Arbitrary<YearMonth> months = Arbitraries.integers().between(0, 23).map(i -> YearMonth.of(2024, 1).plusMonths(i));
        Arbitrary<InsuranceScheme> schemes = Arbitraries.of(InsuranceScheme.PENSION, InsuranceScheme.MEDICAL);
        // paid in the month after, late (some days into the one after that), or with no day of payment on record;
        // some transferred in from another city
        Arbitrary<Integer> paidAfter = Arbitraries.oneOf(Arbitraries.just(-1), Arbitraries.integers().between(0, 70));
        Arbitrary<RegionCode> transferredFrom = Arbitraries.of(RUILI, MANGSHI).injectNull(0.7);
        Arbitrary<HolderEvent> recorded = net.jqwik.api.Combinators.combine(months, schemes,
                        Arbitraries.of(RUILI, MANGSHI), paidAfter, transferredFrom)
                .as((m, s, j, paid, from) -> new SocialInsuranceMonthRecorded(HOLDER, j, m, s,
                        paid < 0 ? null : m.plusMonths(1).atDay(1).plusDays(paid), from));
        Arbitrary<HolderEvent> retracted = net.jqwik.api.Combinators.combine(months, schemes)
                .as((m, s) -> new SocialInsuranceMonthRetracted(HOLDER, m, s, "recorded in error"));
        Arbitrary<HolderEvent> other = Arbitraries.of(
                new PermitEndorsed(HOLDER, LocalDate.of(2025, 3, 1)),
                new QualificationRecorded(HOLDER, QualificationKind.STABLE_RESIDENCE, RUILI, LocalDate.of(2025, 5, 1),
                        "lease"));
        Arbitrary<HolderEvent> any = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, recorded), net.jqwik.api.Tuple.of(2, retracted), net.jqwik.api.Tuple.of(1, other));
        return any.list().ofMaxSize(80).map(events -> {
            List<HolderEvent> stream = new ArrayList<>();
            stream.add(new PermitApplied(HOLDER, CitizenId.withCheckCharacter("51010419900307123"), RUILI,
                    LocalDate.of(2023, 6, 1), PermitBasis.EMPLOYMENT, LocalDate.of(2024, 1, 2)));
            stream.add(new PermitIssued(HOLDER, LocalDate.of(2024, 1, 20)));
            stream.addAll(events);
            return stream;
        });
    }

    @Property(tries = 300)
    void folding_at_once_gives_the_facts_of_folding_one_event_at_a_time(@ForAll("streams") List<HolderEvent> stream,
                                                                         @ForAll @IntRange(max = 100) int cut) {
        HolderFacts oneAtATime = HolderFacts.none();
        for (HolderEvent event : stream) {
            oneAtATime = oneAtATime.apply(event);
        }
        assertThat(HolderFacts.none().applyAll(stream)).isEqualTo(oneAtATime);

        int at = Math.min(cut, stream.size());
        assertThat(HolderFacts.none().applyAll(stream.subList(0, at)).applyAll(stream.subList(at, stream.size())))
                .as("folded in two parts, as from a snapshot").isEqualTo(oneAtATime);
    }
}
