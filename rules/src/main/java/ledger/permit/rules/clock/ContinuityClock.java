package ledger.permit.rules.clock;

import ledger.permit.rules.clock.Continuity.Lapse;
import ledger.permit.rules.clock.Continuity.PermitState;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.rules.facts.PermitRecord;
import ledger.permit.rules.policy.Policy;
import ledger.permit.rules.policy.PolicyCatalog;
import ledger.permit.rules.policy.ResolvedPolicy;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The continuity clock of 《居住证暂行条例》 Art. 10: a permit is endorsed once a year, in the window
 * before each anniversary of its issue (or of the late endorsement that last restarted the clock). An
 * anniversary passed without endorsement, plus the grace days, suspends the permit; a late endorsement restores
 * it, and continuous residence counts again from that day.
 * <p>
 * Each anniversary is judged by the endorsement rule in force on it, and only by that rule: an anniversary on which
 * no document set the duty (before Decree 663 took effect on 2016-01-01) suspends nothing, and a later policy's
 * window or grace period does not judge again an anniversary that passed under an earlier one.
 */
public final class ContinuityClock {

    /** How many anniversaries ahead the next one with a duty is looked for. */
    private static final int YEARS_AHEAD = 50;

    private ContinuityClock() {
    }

    /** The permit's clock on {@code day}, each anniversary judged by the rule {@code catalog} has in force on it. */
    public static Continuity on(PermitRecord permit, PolicyCatalog catalog, List<HolderFacts.Residence> residence,
                                LocalDate day) {
        return on(permit, dutyOn(catalog, permit), residence, day);
    }

    /** The endorsement rule in force for the permit's jurisdiction on a day, or null where none binds. */
    public static Function<LocalDate, Policy.Endorsement> dutyOn(PolicyCatalog catalog, PermitRecord permit) {
        if (permit == null) {
            return day -> null;
        }
        return day -> catalog.inForce(permit.jurisdiction(), day).map(ResolvedPolicy::endorsement).orElse(null);
    }

    /**
     * @param dutyOn the endorsement rule in force on a day (null: no endorsement is due for an anniversary that day)
     */
    public static Continuity on(PermitRecord permit, Function<LocalDate, Policy.Endorsement> dutyOn,
                                List<HolderFacts.Residence> residence, LocalDate day) {
        if (permit == null || permit.appliedOn().isAfter(day)) {
            return new Continuity(PermitState.NONE, null, null, null, null, List.of());
        }
        LocalDate runStart = extendedStart(permit, residence);
        if (permit.refused()) {
            return new Continuity(PermitState.REFUSED, permit.appliedOn(), null, null, null, List.of());
        }
        if (permit.rejectedOn() != null && !permit.rejectedOn().isAfter(day)) {
            return new Continuity(PermitState.REJECTED, permit.rejectedOn(), null, null, null, List.of());
        }
        if (permit.issuedOn() == null || permit.issuedOn().isAfter(day)) {
            return new Continuity(PermitState.APPLIED, permit.appliedOn(), runStart, null, null, List.of());
        }
        if (permit.ended() != null && !permit.ended().isAfter(day)) {
            PermitState ended = switch (permit.endReason()) {
                case MOVED_AWAY -> PermitState.MOVED_AWAY;
                case SETTLED -> PermitState.SETTLED;
                case CANCELLED -> PermitState.CANCELLED;
            };
            return new Continuity(ended, permit.ended(), null, null, null, List.of());
        }

        List<LocalDate> endorsements = permit.endorsements().stream().filter(e -> !e.isAfter(day))
                .sorted(Comparator.naturalOrder()).toList();
        List<Lapse> lapses = new ArrayList<>();
        LocalDate base = permit.issuedOn();
        LocalDate validSince = permit.issuedOn();
        int year = 1;
        int used = 0;
        while (true) {
            LocalDate anniversary = base.plusYears(year);
            Policy.Endorsement rule = dutyOn.apply(anniversary);
            if (rule == null) {
                if (anniversary.isAfter(day)) {
                    Due due = nextDue(base, year, dutyOn);
                    return new Continuity(PermitState.VALID, validSince, runStart,
                            due == null ? null : due.anniversary(), due == null ? null : due.suspendsOn(),
                            List.copyOf(lapses));
                }
                // no duty bound this anniversary: what was endorsed for its year is kept and suspends nothing
                while (used < endorsements.size() && !endorsements.get(used).isAfter(anniversary)) {
                    used++;
                }
                year++;
                continue;
            }
            LocalDate suspendedFrom = anniversary.plusDays(rule.graceDays());
            if (suspendedFrom.isAfter(day)) {
                return new Continuity(PermitState.VALID, validSince, runStart, anniversary, suspendedFrom,
                        List.copyOf(lapses));
            }
            LocalDate windowStart = anniversary.minus(rule.window());
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
                lapses.add(new Lapse(anniversary, suspendedFrom, restored, runStart, rule));
                base = restored;
                year = 1;
                validSince = restored;
                runStart = restored;
                continue;
            }
            lapses.add(new Lapse(anniversary, suspendedFrom, null, runStart, rule));
            return new Continuity(PermitState.SUSPENDED, suspendedFrom, null, anniversary, null,
                    List.copyOf(lapses));
        }
    }

    private record Due(LocalDate anniversary, LocalDate suspendsOn) {
    }

    /** The first anniversary from {@code base}'s {@code year}-th on that a rule binds, or null if none within reach. */
    private static Due nextDue(LocalDate base, int year, Function<LocalDate, Policy.Endorsement> dutyOn) {
        for (int y = year; y < year + YEARS_AHEAD; y++) {
            LocalDate anniversary = base.plusYears(y);
            Policy.Endorsement rule = dutyOn.apply(anniversary);
            if (rule != null) {
                return new Due(anniversary, anniversary.plusDays(rule.graceDays()));
            }
        }
        return null;
    }

    /**
     * The day the window opens for the endorsement due at the permit's next anniversary after {@code day}, if a rule
     * binds that anniversary; null when none does (an endorsement then is kept and attests a year no rule asks for).
     */
    public static LocalDate windowOpens(PermitRecord permit, Function<LocalDate, Policy.Endorsement> dutyOn,
                                        List<HolderFacts.Residence> residence, LocalDate day) {
        Continuity continuity = on(permit, dutyOn, residence, day);
        if (continuity.state() != PermitState.VALID || continuity.nextAnniversary() == null) {
            return null;
        }
        LocalDate base = continuity.since();
        int year = 1;
        while (!base.plusYears(year).isAfter(day)) {
            year++;
        }
        LocalDate immediate = base.plusYears(year);
        if (!immediate.equals(continuity.nextAnniversary())) {
            return null;
        }
        Period window = dutyOn.apply(immediate).window();
        return immediate.minus(window);
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
