package ledger.permit.rules;

import ledger.permit.contracts.catalog.EntitlementStatus;
import ledger.permit.contracts.catalog.ServiceCode;
import ledger.permit.rules.clock.Continuity;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.rules.facts.RecordedEvent;
import ledger.permit.rules.facts.ValidTime;
import ledger.permit.rules.policy.Citation;
import ledger.permit.rules.policy.PolicyCatalog;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one account of when a holder's statuses change, and why: the days on which anything can change are found by
 * the rules themselves ({@link Assessment#nextChange}: a fact's day, an anniversary, a policy taking effect, a
 * threshold), and each is judged. The audit answer, the public change stream's next checks and each holder's
 * next-check day all come from here. Pure: the same history and period give the same timeline.
 */
public final class Timeline {

    private Timeline() {
    }

    /**
     * One change of one service's status.
     *
     * @param cause    "event" (with {@code sequence}), "anniversary", "policy", "threshold" or "periodStart"
     * @param sequence the event that caused it, when the cause is an event
     */
    public record Change(LocalDate on, ServiceCode code, String child, EntitlementStatus from, EntitlementStatus to,
                         String cause, Long sequence, String description, List<Citation> basis,
                         Explanation explanation) {
    }

    /** Every change of every service's status in [from, to], the statuses on {@code from} first. */
    public static List<Change> changes(List<RecordedEvent> history, HolderFacts facts, PolicyCatalog catalog,
                                       LocalDate from, LocalDate to) {
        Map<LocalDate, RecordedEvent> eventOn = new HashMap<>();
        for (RecordedEvent recorded : history) {
            LocalDate day = ValidTime.effectiveDay(recorded.event());
            if (day != null) {
                eventOn.putIfAbsent(day, recorded);
            }
        }
        Judge judge = new Judge(facts, catalog);
        List<Change> changes = new ArrayList<>();
        Map<String, ServiceAssessment> previous = new HashMap<>();
        LocalDate day = from;
        while (day != null && !day.isAfter(to)) {
            Assessment assessment = judge.assess(day);
            for (ServiceAssessment service : assessment.services()) {
                ServiceAssessment before = previous.put(service.key(), service);
                if (before != null && before.status() == service.status()) {
                    continue;
                }
                changes.add(describe(day, from, before, service, eventOn.get(day), assessment, catalog));
            }
            day = assessment.nextChange();
        }
        return List.copyOf(changes);
    }

    /**
     * Why a status changed on a day when no event was applied: an anniversary that passed without endorsement, a
     * policy that took or ceased effect, or a threshold (years, months, points) reached.
     */
    public static String timeCause(LocalDate day, Assessment assessment, PolicyCatalog catalog) {
        if (assessment.permit().lapses().stream().anyMatch(l -> l.suspendedFrom().equals(day))) {
            return "anniversary";
        }
        return assessment.jurisdiction() != null && catalog.boundary(assessment.jurisdiction(), day) ? "policy"
                : "threshold";
    }

    private static Change describe(LocalDate day, LocalDate periodStart, ServiceAssessment before,
                                   ServiceAssessment now, RecordedEvent event, Assessment assessment,
                                   PolicyCatalog catalog) {
        Continuity permit = assessment.permit();
        EntitlementStatus was = before == null ? null : before.status();
        if (before == null && day.equals(periodStart)) {
            return new Change(day, now.code(), now.child(), null, now.status(), "periodStart", null,
                    "status at the start of the period", now.basis(), now.explanation());
        }
        String cause = timeCause(day, assessment, catalog);
        if (cause.equals("anniversary")) {
            Continuity.Lapse lapse = permit.lapses().stream().filter(l -> l.suspendedFrom().equals(day)).findFirst()
                    .orElseThrow();
            return new Change(day, now.code(), now.child(), was, now.status(), cause, null,
                    "the anniversary " + lapse.anniversary() + " passed without endorsement", now.basis(),
                    now.explanation());
        }
        if (event != null) {
            return new Change(day, now.code(), now.child(), was, now.status(), "event", event.sequence(),
                    event.event().getClass().getSimpleName() + " #" + event.sequence() + " "
                            + ValidTime.of(event.event()), now.basis(), now.explanation());
        }
        String description = cause.equals("policy")
                ? catalog.policies().stream().filter(p -> p.effectiveFrom().equals(day)
                        && PolicyCatalog.specificity(p, assessment.jurisdiction().value()) >= 0)
                        .map(p -> p.title() + " took effect").findFirst().orElse("a policy ceased to be in force")
                : "a condition was reached on this day";
        return new Change(day, now.code(), now.child(), was, now.status(), cause, null, description, now.basis(),
                now.explanation());
    }
}
