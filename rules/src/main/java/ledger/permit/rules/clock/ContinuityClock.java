package ledger.permit.rules.clock;

import ledger.permit.rules.clock.Continuity.Lapse;
import ledger.permit.rules.clock.Continuity.PermitState;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.rules.facts.PermitRecord;
import ledger.permit.rules.policy.Policy;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The continuity clock of 《居住证暂行条例》 Art. 10: a permit is endorsed once a year, in the window
 * before each anniversary of its issue (or of the late endorsement that last restarted the clock). An
 * anniversary passed without endorsement, plus the policy's grace days, suspends the permit; a late
 * endorsement restores it, and continuous residence counts again from that day.
 */
public final class ContinuityClock {

    private ContinuityClock() {
    }

    public static Continuity on(PermitRecord permit, Policy.Endorsement rule, List<HolderFacts.Residence> residence,
                                LocalDate day) {
        if (permit == null || permit.appliedOn().isAfter(day)) {
            return new Continuity(PermitState.NONE, null, null, null, List.of());
        }
        LocalDate runStart = extendedStart(permit, residence);
        if (permit.refused()) {
            return new Continuity(PermitState.REFUSED, permit.appliedOn(), null, null, List.of());
        }
        if (permit.rejectedOn() != null && !permit.rejectedOn().isAfter(day)) {
            return new Continuity(PermitState.REJECTED, permit.rejectedOn(), null, null, List.of());
        }
        if (permit.issuedOn() == null || permit.issuedOn().isAfter(day)) {
            return new Continuity(PermitState.APPLIED, permit.appliedOn(), runStart, null, List.of());
        }
        if (permit.ended() != null && !permit.ended().isAfter(day)) {
            PermitState ended = switch (permit.endReason()) {
                case MOVED_AWAY -> PermitState.MOVED_AWAY;
                case SETTLED -> PermitState.SETTLED;
                case CANCELLED -> PermitState.CANCELLED;
            };
            return new Continuity(ended, permit.ended(), null, null, List.of());
        }

        if (rule == null) {
            // no endorsement duty in force (before Decree 663): the permit stays valid
            return new Continuity(PermitState.VALID, permit.issuedOn(), runStart, null, List.of());
        }
        Period window = rule.window();
        int grace = rule.graceDays();
        List<LocalDate> endorsements = permit.endorsements().stream().filter(e -> !e.isAfter(day))
                .sorted(Comparator.naturalOrder()).toList();
        List<Lapse> lapses = new ArrayList<>();
        LocalDate base = permit.issuedOn();
        LocalDate validSince = permit.issuedOn();
        int year = 1;
        int used = 0;
        while (true) {
            LocalDate anniversary = base.plusYears(year);
            LocalDate suspendedFrom = anniversary.plusDays(grace);
            if (suspendedFrom.isAfter(day)) {
                return new Continuity(PermitState.VALID, validSince, runStart, anniversary, List.copyOf(lapses));
            }
            LocalDate windowStart = anniversary.minus(window);
            // an endorsement before the window attests nothing; the next one in or after it is taken
            while (used < endorsements.size() && endorsements.get(used).isBefore(windowStart)) {
                used++;
            }
            if (used < endorsements.size() && endorsements.get(used).isBefore(suspendedFrom)) {
                used++;
                year++;
                continue;
            }
            if (used < endorsements.size()) {
                LocalDate restored = endorsements.get(used++);
                lapses.add(new Lapse(anniversary, suspendedFrom, restored));
                base = restored;
                year = 1;
                validSince = restored;
                runStart = restored;
                continue;
            }
            lapses.add(new Lapse(anniversary, suspendedFrom, null));
            return new Continuity(PermitState.SUSPENDED, suspendedFrom, null, anniversary, List.copyOf(lapses));
        }
    }

    /**
     * Residence counts from the application's {@code residentSince}, and earlier where other registers
     * attest residence in the same prefecture without a gap up to it.
     */
    static LocalDate extendedStart(PermitRecord permit, List<HolderFacts.Residence> residence) {
        LocalDate start = permit.residentSince();
        List<HolderFacts.Residence> records = residence.stream()
                .filter(r -> r.jurisdiction().samePrefecture(permit.jurisdiction()))
                .sorted(Comparator.comparing(HolderFacts.Residence::to).reversed())
                .toList();
        boolean extended = true;
        while (extended) {
            extended = false;
            for (HolderFacts.Residence record : records) {
                if (record.from().isBefore(start) && !record.to().isBefore(start.minusDays(1))) {
                    start = record.from();
                    extended = true;
                }
            }
        }
        return start;
    }
}
