package ledger.permit.rules;

import ledger.permit.contracts.catalog.EntitlementStatus;
import ledger.permit.contracts.catalog.ServiceCode;
import ledger.permit.rules.clock.Continuity;
import ledger.permit.rules.clock.Continuity.PermitState;
import ledger.permit.rules.clock.ContinuityClock;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.rules.facts.PermitRecord;
import ledger.permit.rules.policy.Citation;
import ledger.permit.rules.policy.Policy;
import ledger.permit.rules.policy.PolicyCatalog;
import ledger.permit.rules.policy.ResolvedPolicy;
import ledger.permit.rules.policy.Route;
import ledger.permit.rules.policy.ServiceRule;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One holder's facts judged under a catalog, day by day. A status may depend on another day's (a service held the day
 * before a lapse is suspended by it, one never held is not; a status that held the day before a policy took effect
 * holds on since then), so the days judged are kept for as long as the judge lives.
 */
final class Judge {

    private final HolderFacts facts;
    private final PolicyCatalog catalog;
    private final InsuranceCount.Cache counts;
    private final Map<LocalDate, Day> days = new HashMap<>();
    private final Map<String, Judged> judged = new HashMap<>();
    private NavigableSet<LocalDate> factDays;
    private int daysAsked;

    Judge(HolderFacts facts, PolicyCatalog catalog) {
        this.facts = facts;
        this.catalog = catalog;
        this.counts = new InsuranceCount.Cache(facts);
    }

    /** What a day is for the holder: the permit that governs it, its clock, the policy, the standing in words. */
    private record Day(LocalDate on, PermitRecord permit, Continuity continuity, ResolvedPolicy policy,
                       List<Reason> standing) {
    }

    /** A service judged, and the first later day on which time alone may change its conditions' verdicts. */
    private record Judged(ServiceAssessment service, LocalDate nextChange) {
    }

    Assessment assess(LocalDate on) {
        Day day = day(on);
        List<ServiceAssessment> services = new ArrayList<>();
        LocalDate next = null;
        for (ServiceCode code : ServiceCode.values()) {
            if (code.forChild()) {
                List<String> children = children();
                if (children.isEmpty()) {
                    services.add(fixed(code, EntitlementStatus.NOT_APPLICABLE, null, null,
                            List.of(Reason.of("service.noChild"))));
                    continue;
                }
                for (String child : children) {
                    Judged one = service(on, code, child);
                    services.add(one.service());
                    next = Conditions.earlier(next, one.nextChange());
                }
            } else {
                Judged one = service(on, code, null);
                services.add(one.service());
                next = Conditions.earlier(next, one.nextChange());
            }
        }
        next = Conditions.earlier(next, nextFactDay(on));
        if (day.permit() != null) {
            next = Conditions.earlier(next, catalog.nextBoundary(day.permit().jurisdiction(), on));
        }
        LocalDate suspension = day.continuity().nextSuspension();
        if (suspension != null && suspension.isAfter(on)) {
            next = Conditions.earlier(next, suspension);
        }
        return new Assessment(on, day.permit() == null ? null : day.permit().jurisdiction(),
                day.policy() == null ? null : day.policy().policy().id(),
                day.policy() == null ? null : day.policy().policy().version(), day.continuity(),
                List.copyOf(services), next);
    }

    private List<String> children() {
        TreeSet<String> children = new TreeSet<>(facts.children().keySet());
        children.addAll(facts.completions().keySet());
        return List.copyOf(children);
    }

    /**
     * The first day after {@code on} on which a recorded fact begins or stops counting: for one day judged, one pass
     * over the facts; for a judge asked about many days (a timeline), every such day sorted once.
     */
    private LocalDate nextFactDay(LocalDate on) {
        if (factDays == null && ++daysAsked < 2) {
            return facts.firstDayAfter(on);
        }
        if (factDays == null) {
            factDays = facts.days();
        }
        return factDays.higher(on);
    }

    private Day day(LocalDate on) {
        Day day = days.get(on);
        if (day == null) {
            PermitRecord permit = facts.permitOn(on);
            Continuity continuity = ContinuityClock.on(permit, catalog, facts.residence(), on);
            ResolvedPolicy policy = permit == null ? null : catalog.inForce(permit.jurisdiction(), on).orElse(null);
            day = new Day(on, permit, continuity, policy, standing(continuity, on));
            days.put(on, day);
        }
        return day;
    }

    /** The service on a day, judged once. */
    private Judged service(LocalDate on, ServiceCode code, String child) {
        String key = on + "|" + code + "|" + child;
        Judged one = judged.get(key);
        if (one == null) {
            one = judge(day(on), code, child);
            judged.put(key, one);
        }
        return one;
    }

    private Judged judge(Day day, ServiceCode code, String child) {
        Continuity continuity = day.continuity();
        switch (continuity.state()) {
            case NONE -> {
                return new Judged(fixed(code, EntitlementStatus.NOT_YET, null, child, day.standing()), null);
            }
            case SETTLED, MOVED_AWAY -> {
                return new Judged(fixed(code, EntitlementStatus.NOT_APPLICABLE, continuity.since(), child,
                        day.standing()), null);
            }
            default -> {
            }
        }
        ResolvedPolicy policy = day.policy();
        if (policy == null) {
            return new Judged(fixed(code, EntitlementStatus.NOT_YET, null, child,
                    with(day.standing(), Reason.of("service.noPolicy", "on", day.on()))), null);
        }
        Optional<ServiceRule> found = policy.service(code);
        if (found.isEmpty()) {
            return new Judged(fixed(code, EntitlementStatus.NOT_YET, null, child,
                    with(day.standing(), Reason.of("service.noRule", "policy", policy.policy().title()))), null);
        }
        ServiceRule rule = found.get();
        return rule.dayOne() ? dayOne(day, code, child, rule) : gradual(day, code, child, rule);
    }

    private Judged dayOne(Day day, ServiceCode code, String child, ServiceRule rule) {
        Continuity continuity = day.continuity();
        List<Citation> basis = List.of(rule.basis());
        Map<String, Object> names = serviceNames(code);
        if (continuity.state() == PermitState.VALID) {
            LocalDate since = lookBack(code, child, continuity.since());
            return new Judged(new ServiceAssessment(code, EntitlementStatus.ENTITLED, since, null, child, null,
                    Progress.NONE, basis, with(day.standing(), Reason.of("service.dayOne", names)), null), null);
        }
        if (continuity.state() == PermitState.SUSPENDED && heldBeforeLapse(day, code, child)) {
            return new Judged(new ServiceAssessment(code, EntitlementStatus.SUSPENDED, continuity.since(), null,
                    child, null, Progress.NONE, withArt10(basis, continuity), with(day.standing(),
                    Reason.of("service.suspended")), null), null);
        }
        Reason why = continuity.state() == PermitState.SUSPENDED ? Reason.of("service.lapseBlocks")
                : Reason.of("service.permitRequired");
        return new Judged(new ServiceAssessment(code, EntitlementStatus.NOT_YET, null, null, child, null,
                Progress.NONE, basis, with(day.standing(), why), null), null);
    }

    private Judged gradual(Day day, ServiceCode code, String child, ServiceRule rule) {
        Continuity continuity = day.continuity();
        boolean valid = continuity.state() == PermitState.VALID;
        Conditions conditions = new Conditions(facts, day.permit(), continuity, day.policy(), day.on(), child, counts);
        List<RouteResult> routes = new ArrayList<>();
        List<Route> definitions = rule.routes();
        LocalDate next = null;
        RouteResult decided = null;
        Route decidedRoute = null;
        for (Route route : definitions) {
            RouteResult result = conditions.judge(route);
            routes.add(result);
            next = Conditions.earlier(next, result.nextChange());
            boolean permitOk = !rule.permitRequired(route) || valid;
            if (result.met() && permitOk && (decided == null || result.since().isBefore(decided.since()))) {
                decided = result;
                decidedRoute = route;
            }
        }
        List<Citation> basis = new ArrayList<>();
        basis.add(rule.basis());
        if (decided != null) {
            boolean permitRequired = rule.permitRequired(decidedRoute);
            LocalDate candidate = later(decided.since(), permitRequired ? continuity.since()
                    : day.permit().appliedOn());
            candidate = later(candidate, rulesSince(day));
            LocalDate since = lookBack(code, child, candidate);
            basis.addAll(decided.basis());
            List<Reason> reasons = with(day.standing(), decided.reasons());
            if (!permitRequired) {
                reasons.add(Reason.of("service.permitFree", "clause", decidedRoute.basis()));
            }
            Policy granting = day.policy().policy();
            return new Judged(new ServiceAssessment(code, EntitlementStatus.ENTITLED, since, null, child,
                    decided.route(), decided.progress(), distinct(basis), reasons,
                    new ServiceAssessment.Grant(granting.id(), granting.version(), decided.route(), day.on())), next);
        }
        Judged vested = vested(day, code, child);
        if (vested != null) {
            return new Judged(vested.service(), Conditions.earlier(next, vested.nextChange()));
        }
        RouteResult closest = routes.stream().min(RouteResult.CLOSEST).orElse(null);
        Route closestRoute = closest == null ? null : definitions.get(routes.indexOf(closest));
        Progress progress = closest == null ? Progress.NONE : closest.progress();
        List<Reason> reasons = with(day.standing(), closest == null ? List.of() : closest.reasons());
        if (closest != null) {
            basis.addAll(closest.basis());
        } else {
            reasons.add(Reason.of("service.noRoute"));
        }
        if (continuity.state() == PermitState.SUSPENDED && heldBeforeLapse(day, code, child)
                && grantedWithPermit(day, code, child)) {
            reasons.add(Reason.of("service.suspended"));
            return new Judged(new ServiceAssessment(code, EntitlementStatus.SUSPENDED, continuity.since(), null,
                    child, closest == null ? null : closest.route(), progress, withArt10(basis, continuity), reasons,
                    null), next);
        }
        LocalDate expected = closest == null ? null : closest.expectedOn();
        boolean needsPermit = closestRoute != null && rule.permitRequired(closestRoute);
        if (needsPermit && !valid) {
            expected = null;
            reasons.add(Reason.of(continuity.state() == PermitState.SUSPENDED ? "service.lapseBlocks"
                    : "service.permitRequired"));
        }
        if (expected != null) {
            expected = later(expected, day.on());
        }
        return new Judged(new ServiceAssessment(code, EntitlementStatus.NOT_YET, null, expected, child,
                closest == null ? null : closest.route(), progress, distinct(basis), reasons, null), next);
    }

    /**
     * A service granted under an earlier policy or version, before the rules in force now took effect, stands while
     * the route that granted it stays met, unless the rules now in force reach back (Legislation Law: no retroactive
     * effect; a later version does not rewrite what an earlier one decided).
     */
    private Judged vested(Day day, ServiceCode code, String child) {
        LocalDate rulesSince = rulesSince(day);
        // the policies that took effect that day decide whether they reach back
        if (rulesSince == null || !rulesSince.isAfter(day.permit().appliedOn())
                || day.policy().chain().stream().anyMatch(p -> p.effectiveFrom().equals(rulesSince)
                && p.retroactive() != null)) {
            return null;
        }
        ServiceAssessment before = service(rulesSince.minusDays(1), code, child).service();
        if (before.status() != EntitlementStatus.ENTITLED || before.grantedBy() == null) {
            return null;
        }
        ServiceAssessment.Grant grant = before.grantedBy();
        Policy earlier = catalog.policy(grant.policyId(), grant.policyVersion()).orElse(null);
        if (earlier == null) {
            return null;
        }
        ResolvedPolicy then = catalog.resolve(earlier, day.permit().jurisdiction(), grant.inForceOn());
        ServiceRule rule = then.service(code).orElse(null);
        Route route = rule == null ? null : rule.routes().stream().filter(r -> grant.route().equals(r.id()))
                .findFirst().orElse(null);
        boolean permitRequired = route != null && rule.permitRequired(route);
        if (route == null || permitRequired && (day.continuity().state() != PermitState.VALID
                || day.continuity().since().isAfter(rulesSince))) {
            return null;
        }
        RouteResult result = new Conditions(facts, day.permit(), day.continuity(), then, day.on(), child, counts)
                .judge(route);
        // it stands only while the route has held without a break since before the rules now in force took effect
        if (!result.met() || result.since().isAfter(rulesSince)) {
            return null;
        }
        List<Reason> reasons = with(day.standing(), result.reasons());
        reasons.add(Reason.of("service.vested", "earlier", earlier.title() + " (" + earlier.versionedId() + ")",
                "policy", day.policy().policy().title(), "since", rulesSince));
        List<Citation> basis = new ArrayList<>();
        basis.add(rule.basis());
        basis.addAll(result.basis());
        return new Judged(new ServiceAssessment(code, EntitlementStatus.ENTITLED, before.since(), null, child,
                route.id(), result.progress(), distinct(basis), reasons, grant), result.nextChange());
    }

    /** The day the rules in force on the day took effect: the latest start among the policy and its parents. */
    private static LocalDate rulesSince(Day day) {
        return day.policy().chain().stream().filter(p -> p.inForceOn(day.on())).map(Policy::effectiveFrom)
                .max(Comparator.naturalOrder()).orElse(day.policy().policy().effectiveFrom());
    }

    /**
     * The first day of the unbroken stretch in which the service has held, up to a day on which it holds from
     * {@code candidate} on: the candidate, unless the service already held the day before it (under the rules before a
     * policy took effect, by another route, on an earlier application, on a continuous run counted from a later month,
     * or through a lapse mended on its first day).
     */
    private LocalDate lookBack(ServiceCode code, String child, LocalDate candidate) {
        PermitRecord earlier = facts.permitOn(candidate.minusDays(1));
        PermitRecord current = facts.permitOn(candidate);
        // a standing in another jurisdiction is another standing
        if (earlier == null || current == null || !earlier.jurisdiction().equals(current.jurisdiction())) {
            return candidate;
        }
        ServiceAssessment held = service(candidate.minusDays(1), code, child).service();
        return held.status() == EntitlementStatus.ENTITLED ? held.since() : candidate;
    }

    /** Whether the service held the day before the permit's current lapse suspended it. */
    private boolean heldBeforeLapse(Day day, ServiceCode code, String child) {
        List<Continuity.Lapse> lapses = day.continuity().lapses();
        if (lapses.isEmpty()) {
            return false;
        }
        LocalDate before = lapses.getLast().suspendedFrom().minusDays(1);
        return service(before, code, child).service().status() == EntitlementStatus.ENTITLED;
    }

    /**
     * Whether the standing the service had the day before the permit's lapse came by a route for permit holders: only
     * that one Art. 10 suspends; one granted without the permit stands or falls on its own conditions.
     */
    private boolean grantedWithPermit(Day day, ServiceCode code, String child) {
        LocalDate before = day.continuity().lapses().getLast().suspendedFrom().minusDays(1);
        ServiceAssessment.Grant grant = service(before, code, child).service().grantedBy();
        if (grant == null) {
            return true;
        }
        Policy policy = catalog.policy(grant.policyId(), grant.policyVersion()).orElse(null);
        if (policy == null) {
            return true;
        }
        ServiceRule rule = catalog.resolve(policy, day.permit().jurisdiction(), grant.inForceOn()).service(code)
                .orElse(null);
        return rule == null || rule.routes().stream().filter(r -> grant.route().equals(r.id())).findFirst()
                .map(rule::permitRequired).orElse(true);
    }

    /** The clauses of a service suspended by the permit's lapse: the endorsement rule's among them. */
    private static List<Citation> withArt10(List<Citation> basis, Continuity continuity) {
        List<Citation> all = new ArrayList<>(basis);
        if (!continuity.lapses().isEmpty()) {
            all.add(continuity.lapses().getLast().rule().basis());
        }
        return distinct(all);
    }

    /** The permit's standing on a day, which opens every service's explanation. */
    private static List<Reason> standing(Continuity c, LocalDate on) {
        List<Reason> reasons = new ArrayList<>();
        reasons.add(switch (c.state()) {
            case NONE -> Reason.of("permit.none", "on", on);
            case APPLIED -> Reason.of("permit.applied", "since", c.since());
            case REFUSED -> Reason.of("permit.refused", "since", c.since());
            case REJECTED -> Reason.of("permit.rejected", "since", c.since());
            case VALID -> Reason.of("permit.valid", "since", c.since(), "runStart", c.runStart(), "dueBy",
                    c.nextAnniversary());
            case SUSPENDED -> Reason.of("permit.suspended", "anniversary", c.nextAnniversary(), "since", c.since());
            case CANCELLED -> Reason.of("permit.cancelled", "since", c.since());
            case SETTLED -> Reason.of("permit.settled", "since", c.since());
            case MOVED_AWAY -> Reason.of("permit.moved", "since", c.since());
        });
        for (Continuity.Lapse lapse : c.lapses()) {
            if (lapse.restoredOn() != null) {
                reasons.add(Reason.of("permit.restarted", "anniversary", lapse.anniversary(), "restoredOn",
                        lapse.restoredOn()));
            }
        }
        return List.copyOf(reasons);
    }

    private static Map<String, Object> serviceNames(ServiceCode code) {
        return Map.of("service", code.chineseName(), "serviceEn", Conditions.english(code));
    }

    private static ServiceAssessment fixed(ServiceCode code, EntitlementStatus status, LocalDate since, String child,
                                           List<Reason> reasons) {
        return new ServiceAssessment(code, status, since, null, child, null, Progress.NONE, List.of(),
                List.copyOf(reasons), null);
    }

    private static List<Reason> with(List<Reason> first, Reason then) {
        return with(first, List.of(then));
    }

    private static List<Reason> with(List<Reason> first, List<Reason> then) {
        List<Reason> all = new ArrayList<>(first.size() + then.size() + 1);
        all.addAll(first);
        all.addAll(then);
        return all;
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isAfter(b) ? a : b;
    }

    private static List<Citation> distinct(List<Citation> citations) {
        return citations.stream().filter(c -> c != null).distinct().toList();
    }
}
