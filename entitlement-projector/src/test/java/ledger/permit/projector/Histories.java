package ledger.permit.projector;

import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.holder.HolderEvent.ChildSchoolYearRecorded;
import ledger.permit.contracts.holder.HolderEvent.PermitApplied;
import ledger.permit.contracts.holder.HolderEvent.PermitEndorsed;
import ledger.permit.contracts.holder.HolderEvent.PermitIssued;
import ledger.permit.contracts.holder.HolderEvent.SocialInsuranceMonthRecorded;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.values.InsuranceScheme;
import ledger.permit.contracts.values.PermitBasis;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.contracts.values.SchoolLevel;
import ledger.permit.contracts.wire.HolderEventCodec;
import ledger.permit.contracts.wire.HolderEventEnvelope;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Holder histories for the tests: valid streams, numbered from 0, as the forwarder puts them on the topic. */
final class Histories {

    private static final AtomicInteger NEXT = new AtomicInteger();
    static final Instant RECORDED = Instant.parse("2026-03-15T02:00:00Z");

    private Histories() {
    }

    /** A citizen ID of this test run's own: hukou in 成都 (510104), born in 1990. */
    static CitizenId newCitizen() {
        int n = NEXT.incrementAndGet();
        LocalDate born = LocalDate.of(1990, 1, 1).plusDays(n / 900);
        return CitizenId.withCheckCharacter(String.format("510104%s%03d", born.toString().replace("-", ""), n % 900));
    }

    /**
     * A worker in 瑞丽 (德宏 policy) applying on 2025-03-01, issued on 2025-03-15 (first anniversary
     * 2026-03-15), with {@code months} pension months from 2025-03 on.
     */
    static List<HolderEventEnvelope> worker(HolderId holder, CitizenId citizen, int months) {
        List<HolderEvent> events = new ArrayList<>();
        events.add(new PermitApplied(holder, citizen, RegionCode.of("533102"), LocalDate.of(2024, 6, 1),
                PermitBasis.EMPLOYMENT, LocalDate.of(2025, 3, 1)));
        events.add(new PermitIssued(holder, LocalDate.of(2025, 3, 15)));
        for (int i = 0; i < months; i++) {
            YearMonth month = YearMonth.of(2025, 3).plusMonths(i);
            events.add(new SocialInsuranceMonthRecorded(holder, RegionCode.of("533102"), month,
                    InsuranceScheme.PENSION, month.plusMonths(1).atDay(5), null));
        }
        return envelopes(events, 0);
    }

    static HolderEventEnvelope endorsed(HolderId holder, long sequence, LocalDate on) {
        return envelopes(List.of(new PermitEndorsed(holder, on)), sequence).getFirst();
    }

    static HolderEventEnvelope childYear(HolderId holder, long sequence, CitizenId child, int grade) {
        return envelopes(List.of(new ChildSchoolYearRecorded(holder, child, RegionCode.of("533102"),
                SchoolLevel.JUNIOR_SECONDARY, grade, LocalDate.of(2018 + grade, 9, 1),
                LocalDate.of(2019 + grade, 7, 10))), sequence).getFirst();
    }

    static List<HolderEventEnvelope> envelopes(List<HolderEvent> events, long firstSequence) {
        List<HolderEventEnvelope> envelopes = new ArrayList<>();
        long sequence = firstSequence;
        for (HolderEvent event : events) {
            envelopes.add(HolderEventCodec.read(HolderEventCodec.write(HolderEventCodec.envelope(
                    UUID.randomUUID().toString(), sequence++, RECORDED, event))));
        }
        return envelopes;
    }
}
