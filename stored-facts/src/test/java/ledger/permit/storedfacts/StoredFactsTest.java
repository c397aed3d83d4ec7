package ledger.permit.storedfacts;

import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.holder.HolderEvent.ChildSchoolYearRecorded;
import ledger.permit.contracts.holder.HolderEvent.ChildSchoolingCompleted;
import ledger.permit.contracts.holder.HolderEvent.HukouRecorded;
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
import ledger.permit.contracts.values.SchoolLevel;
import ledger.permit.rules.facts.HolderFacts;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The facts stored (the read model's, the snapshots') read back as the same facts, so that the query service may
 * answer from them instead of the history, and a holder loaded from a snapshot decides as one folded from its events.
 */
class StoredFactsTest {

    private static final HolderId HOLDER = new HolderId(UUID.fromString("0b9e7c1a-2f43-4d8e-a1c6-5e7f9d3b2a10"));
    private static final RegionCode RUILI = RegionCode.of("533102");
    private static final RegionCode MANGSHI = RegionCode.of("533103");

    @Property(tries = 200)
    void stored_facts_read_back_as_the_same_facts(@ForAll @LongRange(min = 1) long seed,
                                                  @ForAll @IntRange(max = 100) int cut) {
        List<HolderEvent> stream = stream(new Random(seed));
        HolderFacts facts = HolderFacts.none().applyAll(stream);
        assertThat(StoredFacts.read(StoredFacts.write(facts))).isEqualTo(facts);

        // as the projector goes: stored after some events, read back, the rest applied, stored again
        int at = Math.min(cut, stream.size());
        HolderFacts stored = StoredFacts.read(StoredFacts.write(HolderFacts.none().applyAll(stream.subList(0, at))));
        assertThat(StoredFacts.read(StoredFacts.write(stored.applyAll(stream.subList(at, stream.size())))))
                .isEqualTo(facts);
    }

    /** Months of two schemes in two jurisdictions, paid on time, late or on no recorded day, some transferred in,
     * some retracted; a qualification, an endorsement, a recorded hukou, a child's school year and completion. */
    private static List<HolderEvent> stream(Random random) {
        List<HolderEvent> stream = new ArrayList<>();
        stream.add(new PermitApplied(HOLDER, CitizenId.withCheckCharacter("51010419900307123"), RUILI,
                LocalDate.of(2023, 6, 1), PermitBasis.EMPLOYMENT, LocalDate.of(2024, 1, 2)));
        stream.add(new PermitIssued(HOLDER, LocalDate.of(2024, 1, 20)));
        CitizenId child = CitizenId.withCheckCharacter("51010420090505122");
        for (int i = random.nextInt(80); i > 0; i--) {
            YearMonth month = YearMonth.of(2024, 1).plusMonths(random.nextInt(24));
            InsuranceScheme scheme = random.nextBoolean() ? InsuranceScheme.PENSION : InsuranceScheme.MEDICAL;
            stream.add(switch (random.nextInt(16)) {
                case 0, 1 -> new SocialInsuranceMonthRetracted(HOLDER, month, scheme, "recorded in error");
                case 2 -> new PermitEndorsed(HOLDER, LocalDate.of(2025, 1, 5));
                case 3 -> new QualificationRecorded(HOLDER, QualificationKind.STABLE_RESIDENCE, RUILI,
                        LocalDate.of(2025, 5, 1), "lease");
                case 4 -> new HukouRecorded(HOLDER, MANGSHI, LocalDate.of(2020, 1, 1).plusDays(random.nextInt(2000)));
                case 5 -> new ChildSchoolYearRecorded(HOLDER, child, RUILI, SchoolLevel.JUNIOR_SECONDARY, 9,
                        LocalDate.of(2024, 9, 1), LocalDate.of(2025, 7, 15));
                case 6 -> new ChildSchoolingCompleted(HOLDER, child, RUILI, SchoolLevel.JUNIOR_SECONDARY,
                        LocalDate.of(2025, 7, 10));
                default -> {
                    int paidAfter = random.nextInt(72) - 1;
                    yield new SocialInsuranceMonthRecorded(HOLDER, random.nextBoolean() ? RUILI : MANGSHI, month,
                            scheme, paidAfter < 0 ? null : month.plusMonths(1).atDay(1).plusDays(paidAfter),
                            random.nextInt(10) < 3 ? (random.nextBoolean() ? RUILI : MANGSHI) : null);
                }
            });
        }
        return stream;
    }
}
