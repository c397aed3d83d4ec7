package ledger.permit.rules.clock;

import java.time.LocalDate;
import java.util.List;

/**
 * Where a permit stands on a day under Art. 10, and since when.
 *
 * @param state           the permit's state on the day
 * @param since           the day that state began (issue, restoration, suspension, end...)
 * @param runStart        the first day of the current run of continuous residence, or null without one
 * @param nextAnniversary the next anniversary an endorsement is due for (while valid), or the one missed (suspended)
 * @param nextSuspension  the day the permit is suspended if that anniversary passes without endorsement, grace
 *                        days included (while valid)
 * @param lapses          every lapse up to the day: the anniversary missed and the late endorsement, if any
 */
public record Continuity(PermitState state, LocalDate since, LocalDate runStart, LocalDate nextAnniversary,
                         LocalDate nextSuspension, List<Lapse> lapses) {

    /**
     * An anniversary passed without endorsement (plus grace): suspended from {@code suspendedFrom}.
     *
     * @param interruptedRun the first day of the run of continuous residence the lapse interrupted
     * @param rule           the endorsement rule in force on the anniversary, whose clause the suspension rests on
     */
    public record Lapse(LocalDate anniversary, LocalDate suspendedFrom, LocalDate restoredOn, LocalDate interruptedRun,
                        ledger.permit.rules.policy.Policy.Endorsement rule) {
    }

    public enum PermitState {
        /** No application on or before the day. */
        NONE,
        /** Applied, not yet decided. */
        APPLIED,
        /** The application was refused by the policy in force. */
        REFUSED,
        /** The application was rejected after review. */
        REJECTED,
        /** Issued and in good standing. */
        VALID,
        /** An anniversary passed without endorsement: functions suspended (Art. 10). */
        SUSPENDED,
        /** The holder moved away. */
        MOVED_AWAY,
        /** The holder settled hukou: now a local resident. */
        SETTLED,
        /** The permit was cancelled. */
        CANCELLED
    }
}
