package ledger.permit.rules;

import ledger.permit.contracts.catalog.EntitlementStatus;
import ledger.permit.contracts.catalog.ServiceCode;
import ledger.permit.rules.clock.Continuity;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.rules.facts.RecordedEvent;
import ledger.permit.rules.facts.ValidTime;
import ledger.permit.rules.policy.Citation;
import ledger.permit.rules.policy.Policy;
import ledger.permit.rules.policy.PolicyCatalog;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every change of every service's status in a period, each with what caused it (an event, an anniversary
 * passed without endorsement, a policy taking effect, a threshold reached) and the clauses that decided.
 * Pure: the same history and period give the same timeline.
 */
public final class AuditTimeline {

    private AuditTimeline() {
    }

    /**
     * @param cause    "event" (with {@code sequence}), "anniversary", "policy", "threshold" or "periodStart"
     * @param sequence the event that caused it, when the cause is an event
     */
    public record Change(LocalDate on, ServiceCode code, String child, EntitlementStatus from, EntitlementStatus to,
                         String cause, Long sequence, String description, List<Citation> basis,
                         Explanation explanation) {
    }

    public static List<Change> changes(List<RecordedEvent> history, HolderFacts facts, PolicyCatalog catalog,
                                       LocalDate from, LocalDate to) {
        TreeSet<LocalDate> days = new TreeSet<>();
        days.add(from);
        Map<LocalDate, RecordedEvent> eventOn = new HashMap<>();
        for (RecordedEvent recorded : history) {
            LocalDate day = ValidTime.effectiveDay(recorded.event());
            if (day != null) {
                eventOn.putIfAbsent(day, recorded);
                within(days, day, from, to);
            }
            ValidTime.of(recorded.event()).values().stream().filter(v -> v instanceof LocalDate)
                    .forEach(v -> within(days, (LocalDate) v, from, to));
        }
        Map<LocalDate, Continuity.Lapse> lapses = new HashMap<>();
        Map<LocalDate, Policy> policyStarts = new HashMap<>();
        for (Policy policy : catalog.policies()) {
            policyStarts.putIfAbsent(policy.effectiveFrom(), policy);
            within(days, policy.effectiveFrom(), from, to);
        }

        List<Change> changes = new ArrayList<>();
        Map<String, ServiceAssessment> previous = new HashMap<>();
        while (!days.isEmpty()) {
            LocalDate day = days.pollFirst();
            Assessment assessment = EntitlementRules.assess(facts, catalog, day);
            for (Continuity.Lapse lapse : assessment.permit().lapses()) {
                lapses.put(lapse.suspendedFrom(), lapse);
                within(days, lapse.suspendedFrom(), day.plusDays(1), to);
                if (lapse.restoredOn() != null) {
                    within(days, lapse.restoredOn(), day.plusDays(1), to);
                }
            }
            if (assessment.permit().nextAnniversary() != null) {
                within(days, assessment.permit().nextAnniversary(), day.plusDays(1), to);
            }
            for (ServiceAssessment service : assessment.services()) {
                String key = service.code() + "/" + service.child();
                ServiceAssessment before = previous.put(key, service);
                if (service.expectedOn() != null) {
                    within(days, service.expectedOn(), day.plusDays(1), to);
                }
                if (before != null && before.status() == service.status()) {
                    continue;
                }
                changes.add(describe(day, from, before, service, eventOn.get(day), lapses.get(day),
                        policyStarts.get(day)));
            }
        }
        return List.copyOf(changes);
    }

    private static Change describe(LocalDate day, LocalDate periodStart, ServiceAssessment before,
                                   ServiceAssessment now, RecordedEvent event, Continuity.Lapse lapse,
                                   Policy policy) {
        EntitlementStatus was = before == null ? null : before.status();
        if (before == null && day.equals(periodStart)) {
            return new Change(day, now.code(), now.child(), null, now.status(), "periodStart", null,
                    "status at the start of the period", now.basis(), now.explanation());
        }
        if (lapse != null) {
            return new Change(day, now.code(), now.child(), was, now.status(), "anniversary", null,
                    "the anniversary " + lapse.anniversary() + " passed without endorsement", now.basis(),
                    now.explanation());
        }
        if (event != null) {
            return new Change(day, now.code(), now.child(), was, now.status(), "event", event.sequence(),
                    event.event().getClass().getSimpleName() + " #" + event.sequence() + " "
                            + ValidTime.of(event.event()), now.basis(), now.explanation());
        }
        if (policy != null) {
            return new Change(day, now.code(), now.child(), was, now.status(), "policy", null,
                    policy.title() + " took effect", now.basis(), now.explanation());
        }
        return new Change(day, now.code(), now.child(), was, now.status(), "threshold", null,
                "a condition was reached on this day", now.basis(), now.explanation());
    }

    private static void within(TreeSet<LocalDate> days, LocalDate day, LocalDate from, LocalDate to) {
        if (day != null && !day.isBefore(from) && !day.isAfter(to)) {
            days.add(day);
        }
    }
}
