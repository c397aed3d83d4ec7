package ledger.permit.rules;

import ledger.permit.contracts.values.QualificationKind;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.contracts.values.Regions;
import ledger.permit.rules.clock.Continuity;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.rules.facts.PermitRecord;
import ledger.permit.rules.policy.Area;
import ledger.permit.rules.policy.Citation;
import ledger.permit.rules.policy.CitySize;
import ledger.permit.rules.policy.Condition;
import ledger.permit.rules.policy.Place;
import ledger.permit.rules.policy.PointsScheme;
import ledger.permit.rules.policy.ResolvedPolicy;
import ledger.permit.rules.policy.Route;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Judges the conditions of a route for one holder (and child) on one day, under one resolved policy. */
final class Conditions {

    /** How far ahead "if the current facts simply continue" looks for points. */
    private static final int POINTS_HORIZON_MONTHS = 40 * 12;

    private final HolderFacts facts;
    private final PermitRecord permit;
    private final Continuity continuity;
    private final ResolvedPolicy policy;
    private final LocalDate on;
    private final String child;
    private final InsuranceCount.Cache counts;

    /** @param counts the insurance counts of {@code facts}, shared by the services of one assessment */
    Conditions(HolderFacts facts, PermitRecord permit, Continuity continuity, ResolvedPolicy policy, LocalDate on,
               String child, InsuranceCount.Cache counts) {
        this.facts = facts;
        this.counts = counts;
        this.permit = permit;
        this.continuity = continuity;
        this.policy = policy;
        this.on = on;
        this.child = child;
    }

    /**
     * One condition's verdict.
     *
     * @param since      met since (LocalDate.MIN when timeless)
     * @param expected   the day it will be met if the facts go on (contributions monthly, residence unbroken); null if
     *                   going on is not enough
     * @param nextChange the first day after the one judged on which time alone, with the facts as they are, may change
     *                   the verdict; null if none
     */
    private record Verdict(boolean met, LocalDate since, LocalDate expected, LocalDate nextChange, Progress progress,
                           Reason reason) {
    }

    RouteResult judge(Route route) {
        List<Citation> basis = new ArrayList<>();
        if (route.basis() != null) {
            basis.add(route.basis());
        }
        List<Reason> reasons = new ArrayList<>();
        boolean met = true;
        LocalDate since = LocalDate.MIN;
        LocalDate expected = LocalDate.MIN;
        LocalDate nextChange = null;
        Progress progress = Progress.NONE;
        int unmet = 0;
        boolean elsewhere = false;
        for (Condition condition : route.conditions()) {
            Verdict verdict = judge(condition);
            if (!verdict.met()) {
                unmet++;
                elsewhere |= condition instanceof Condition.JurisdictionIn || condition instanceof Condition.CityTier
                        || condition instanceof Condition.HukouIn;
            }
            if (condition.basis() != null) {
                basis.add(condition.basis());
            }
            reasons.add(verdict.reason());
            progress = progress.merge(verdict.progress());
            met &= verdict.met();
            if (verdict.met()) {
                since = max(since, verdict.since());
            }
            expected = expected == null || verdict.expected() == null ? null : max(expected, verdict.expected());
            nextChange = earlier(nextChange, verdict.nextChange());
        }
        return new RouteResult(route.id(), met, met ? since : null, met ? since : expected, nextChange, progress,
                List.copyOf(basis), reasons, unmet, route.conditions().size() - unmet, elsewhere);
    }

    private Verdict judge(Condition condition) {
        return switch (condition) {
            case Condition.Residence c -> residence(c);
            case Condition.Insurance c -> insurance(c);
            case Condition.SchoolYears c -> schoolYears(c);
            case Condition.SchoolingCompleted c -> schoolingCompleted(c);
            case Condition.Enrolled c -> enrolled(c);
            case Condition.Qualification c -> qualification(c);
            case Condition.HukouIn c -> hukouIn(c);
            case Condition.CityTier c -> cityTier(c);
            case Condition.JurisdictionIn c -> jurisdictionIn(c);
            case Condition.Points c -> points(c);
        };
    }

    /** Where 当地 lies for a condition: its own word, or the policy's definition. */
    private Area area(Area where) {
        return where != null ? where : policy.definitions().local().area();
    }

    private boolean inArea(Area area, RegionCode where) {
        return Areas.contains(area, permit.jurisdiction(), where, policy.centralCity());
    }

    /**
     * Months of the current run of continuous residence; while the permit is suspended, of the run the lapse
     * interrupted, up to the day it was suspended (how far the holder had come).
     */
    private Verdict residence(Condition.Residence c) {
        LocalDate start = continuity.runStart();
        LocalDate until = on;
        if (start == null && continuity.state() == Continuity.PermitState.SUSPENDED
                && !continuity.lapses().isEmpty()) {
            Continuity.Lapse lapse = continuity.lapses().getLast();
            return residenceUpTo(c, lapse.interruptedRun(), lapse.suspendedFrom(), false);
        }
        return residenceUpTo(c, start, until, true);
    }

    private Verdict residenceUpTo(Condition.Residence c, LocalDate start, LocalDate until, boolean running) {
        int months = monthsBetween(start, until);
        boolean met = running && start != null && months >= c.months();
        LocalDate reached = start == null ? null : reachedAfter(start, c.months());
        LocalDate next = running && reached != null && reached.isAfter(on) ? reached : null;
        return new Verdict(met, reached, running ? reached : null, next,
                new Progress(months, c.months(), null, null, null, null, null, null),
                Reason.condition("condition.residence", met, c.basis(), c.localChoice(), "months", months,
                        "since", start, "required", c.months()));
    }

    private Verdict insurance(Condition.Insurance c) {
        Area area = area(c.where());
        int backPaidAfter = policy.definitions().backPaid().afterFollowingMonths();
        int stoppedAfter = policy.definitions().contributionsStopped().afterMonths();
        InsuranceCount count = counts.of(c, permit.jurisdiction(), area, policy.centralCity(), backPaidAfter, on);
        boolean met = count.count() >= c.months();
        return new Verdict(met, count.reachedOn(c.months()), count.expectedOn(c.months(), on, stoppedAfter), null,
                new Progress(null, null, count.count(), c.months(), null, null, null, null),
                Reason.condition(c.continuous() ? "condition.insurance.continuous" : "condition.insurance.cumulative",
                        met, c.basis(), c.localChoice(), "count", count.count(), "required", c.months(),
                        "scheme", c.scheme(),
                        "first", count.months().isEmpty() ? null : count.months().getFirst(),
                        "last", count.months().isEmpty() ? null : count.months().getLast(),
                        "noLatePaid", c.countLatePaid() ? null : "", "noTransferred", c.countTransferred() ? null : "",
                        "maxLatePaid", c.maxLatePaidInRun(), "area", areaZh(area), "areaEn", areaEn(area),
                        "stopped", !met && count.count() > 0 && count.stopped(on, stoppedAfter) ? "" : null));
    }

    private List<HolderFacts.SchoolYear> schoolYears(Area area) {
        return child == null ? List.of() : facts.children().getOrDefault(child, List.of()).stream()
                .filter(y -> !y.from().isAfter(on) && inArea(area, y.jurisdiction()))
                .sorted(Comparator.comparing(HolderFacts.SchoolYear::from))
                .toList();
    }

    private Verdict schoolYears(Condition.SchoolYears c) {
        Area area = area(c.where());
        List<HolderFacts.SchoolYear> years = schoolYears(area).stream().filter(y -> y.level() == c.level()).toList();
        int required = c.grades().size();
        int matched = 0;
        LocalDate lastFrom = null;
        // the longest chain of the required grades in consecutive school years, in order
        for (HolderFacts.SchoolYear first : years) {
            if (first.grade() != c.grades().getFirst()) {
                continue;
            }
            int chain = 1;
            HolderFacts.SchoolYear previous = first;
            for (int g = 1; g < required; g++) {
                int grade = c.grades().get(g);
                HolderFacts.SchoolYear prev = previous;
                HolderFacts.SchoolYear next = years.stream()
                        .filter(y -> y.grade() == grade && (!c.consecutive()
                                || y.from().getYear() == prev.from().getYear() + 1))
                        .findFirst().orElse(null);
                if (next == null) {
                    break;
                }
                chain++;
                previous = next;
            }
            if (chain > matched || (chain == matched && previous.from().isAfter(lastFrom))) {
                matched = chain;
                lastFrom = previous.from();
            }
        }
        boolean met = matched >= required;
        LocalDate expected = met ? lastFrom : lastFrom == null ? null : lastFrom.plusYears(required - matched);
        if (!met && expected != null && expected.isBefore(on)) {
            expected = null;
        }
        return new Verdict(met, met ? lastFrom : null, expected, null,
                new Progress(null, null, null, null, matched, required, null, null),
                Reason.condition("condition.schoolYears", met, c.basis(), c.localChoice(), "years", matched,
                        "required", required, "level", c.level(), "grades", c.grades(), "area", areaZh(area),
                        "areaEn", areaEn(area)));
    }

    private Verdict schoolingCompleted(Condition.SchoolingCompleted c) {
        Area area = area(c.where());
        HolderFacts.Completion done = child == null ? null : facts.completions().getOrDefault(child, List.of())
                .stream()
                .filter(d -> d.level() == c.level() && !d.completedOn().isAfter(on) && inArea(area, d.jurisdiction()))
                .min(Comparator.comparing(HolderFacts.Completion::completedOn)).orElse(null);
        boolean met = done != null;
        // completing a level depends on the child's schooling going on: it is expected when the last school year of the
        // level on record ends, if that is still to come
        LocalDate expected = met ? done.completedOn() : expectedCompletion(c);
        return new Verdict(met, met ? done.completedOn() : null, expected, null, Progress.NONE,
                Reason.condition(met ? "condition.schoolingCompleted" : "condition.schoolingNotCompleted", met,
                        c.basis(), c.localChoice(), "level", c.level(), "completedOn",
                        met ? done.completedOn() : null, "where", met ? done.jurisdiction().label() : null,
                        "area", areaZh(area), "areaEn", areaEn(area)));
    }

    /**
     * If the child's schooling goes on, the day after the level's last school year ends: the end of the latest year of
     * the level on record, one year later for each grade still to come; null when that day has passed (the child left).
     */
    private LocalDate expectedCompletion(Condition.SchoolingCompleted c) {
        if (child == null) {
            return null;
        }
        HolderFacts.SchoolYear latest = facts.children().getOrDefault(child, List.of()).stream()
                .filter(y -> y.level() == c.level() && !y.from().isAfter(on))
                .max(Comparator.comparing(HolderFacts.SchoolYear::from)).orElse(null);
        if (latest == null) {
            return null;
        }
        LocalDate expected = latest.to().plusYears(c.level().lastGrade() - latest.grade()).plusDays(1);
        return expected.isBefore(on) ? null : expected;
    }

    private Verdict enrolled(Condition.Enrolled c) {
        Area area = area(c.where());
        HolderFacts.SchoolYear current = child == null ? null : facts.children().getOrDefault(child, List.of())
                .stream()
                .filter(y -> y.level() == c.level() && !y.from().isAfter(on) && !y.to().isBefore(on)
                        && inArea(area, y.jurisdiction()))
                .findFirst().orElse(null);
        boolean met = current != null;
        return new Verdict(met, met ? current.from() : null, met ? current.from() : null, null, Progress.NONE,
                Reason.condition("condition.enrolled", met, c.basis(), c.localChoice(), "level", c.level(),
                        "grade", met ? current.grade() : null, "area", areaZh(area), "areaEn", areaEn(area)));
    }

    private Verdict qualification(Condition.Qualification c) {
        Area area = area(c.where());
        java.util.Set<QualificationKind> kinds = new java.util.HashSet<>(List.of(c.kind()));
        policy.definitions().counts().stream().filter(d -> d.as() == c.kind()).forEach(d -> kinds.addAll(d.kinds()));
        HolderFacts.Qualification held = facts.qualifications().stream()
                .filter(q -> kinds.contains(q.kind()) && !q.obtainedOn().isAfter(on))
                .filter(q -> inArea(area, q.jurisdiction()))
                .min(Comparator.comparing(HolderFacts.Qualification::obtainedOn)).orElse(null);
        if (held == null) {
            return new Verdict(false, null, null, null, Progress.NONE,
                    Reason.condition("condition.qualification.none", false, c.basis(), c.localChoice(),
                            "kindZh", qualificationZh(c.kind()), "kindEn", english(c.kind()), "area", areaZh(area),
                            "areaEn", areaEn(area)));
        }
        LocalDate reached = held.obtainedOn().plusMonths(c.months());
        boolean met = !reached.isAfter(on);
        return new Verdict(met, reached, reached, met ? null : reached, Progress.NONE,
                Reason.condition("condition.qualification", met, c.basis(), c.localChoice(),
                        "kindZh", qualificationZh(c.kind()), "kindEn", english(c.kind()),
                        "byZh", held.kind() == c.kind() ? null : qualificationZh(held.kind()),
                        "byEn", held.kind() == c.kind() ? null : english(held.kind()), "since", held.obtainedOn(),
                        "months", c.months() == 0 ? null : c.months(), "where", held.jurisdiction().label()));
    }

    private Verdict hukouIn(Condition.HukouIn c) {
        HolderFacts.Hukou hukou = facts.hukouOn(on);
        boolean met = hukou != null && matches(RegionCode.of(hukou.region()), c.regions(), c.places());
        LocalDate since = hukou != null && hukou.recorded() ? hukou.since() : LocalDate.MIN;
        return new Verdict(met, since, met ? since : null, null, Progress.NONE,
                Reason.condition(met ? "condition.hukouIn" : "condition.hukouNotIn", met, c.basis(), c.localChoice(),
                        "hukou", hukou == null ? "—" : Regions.label(hukou.region()),
                        "assumed", hukou != null && !hukou.recorded() ? "" : null,
                        "places", describe(c.regions(), c.places())));
    }

    private Verdict cityTier(Condition.CityTier c) {
        CitySize tier = policy.cityTier();
        boolean met = tier != null && c.tiers().contains(tier);
        return new Verdict(met, LocalDate.MIN, met ? LocalDate.MIN : null, null, Progress.NONE,
                Reason.condition(tier != null ? "condition.cityTier" : policy.citySized() ? "condition.cityTier.unknown"
                        : "condition.cityTier.none", met, c.basis(),
                        c.localChoice(), "tier", tier, "tiers", c.tiers(), "here", permit.jurisdiction().label()));
    }

    private Verdict jurisdictionIn(Condition.JurisdictionIn c) {
        boolean met = matches(permit.jurisdiction(), c.regions(), c.places());
        return new Verdict(met, LocalDate.MIN, met ? LocalDate.MIN : null, null, Progress.NONE,
                Reason.condition(met ? "condition.jurisdictionIn" : "condition.jurisdictionNotIn", met, c.basis(),
                        c.localChoice(), "here", permit.jurisdiction().label(),
                        "kind", permit.jurisdiction().kind() == null ? null
                                : permit.jurisdiction().kind().chineseName(),
                        "places", describe(c.regions(), c.places()),
                        "sizeUnknown", !met && policy.citySized() && policy.cityTier() == null
                                && c.places().stream().anyMatch(p -> !p.cityTiers().isEmpty()) ? "" : null));
    }

    /** Whether a region lies in one of the regions, or is one of the kinds of place. */
    private boolean matches(RegionCode region, List<String> regions, List<Place> places) {
        if (regions.stream().anyMatch(r -> within(region.value(), r))) {
            return true;
        }
        for (Place place : places) {
            if (!place.within().isEmpty() && place.within().stream().noneMatch(r -> within(region.value(), r))) {
                continue;
            }
            if (!place.kinds().isEmpty() && (region.kind() == null || !place.kinds().contains(region.kind()))) {
                continue;
            }
            if (!place.cityTiers().isEmpty() && (!region.equals(permit.jurisdiction()) || policy.cityTier() == null
                    || !place.cityTiers().contains(policy.cityTier()))) {
                continue;
            }
            if (place.centralCity() != null && place.centralCity() != policy.centralCity().contains(region.value())) {
                continue;
            }
            return true;
        }
        return false;
    }

    /** The regions and kinds of place, as a clerk reads them: 长沙市 430100 (市辖区). */
    private static String describe(List<String> regions, List<Place> places) {
        List<String> parts = new ArrayList<>();
        regions.forEach(r -> parts.add(Regions.label(r)));
        for (Place place : places) {
            List<String> facets = new ArrayList<>();
            if (!place.within().isEmpty()) {
                facets.add(place.within().stream().map(Regions::label).collect(Collectors.joining("、")));
            }
            if (!place.kinds().isEmpty()) {
                facets.add(place.kinds().stream().map(k -> k.chineseName()).collect(Collectors.joining("、")));
            }
            if (!place.cityTiers().isEmpty()) {
                facets.add(place.cityTiers().toString());
            }
            if (place.centralCity() != null) {
                facets.add(place.centralCity() ? "市中心城区" : "市中心城区以外");
            }
            parts.add(String.join(" ", facets));
        }
        return String.join("; ", parts);
    }

    /** Whether a region lies within another (same code, or inside its prefecture or province). */
    static boolean within(String region, String container) {
        if (container.equals(region)) {
            return true;
        }
        if (container.endsWith("0000")) {
            return region.startsWith(container.substring(0, 2));
        }
        return container.endsWith("00") && region.startsWith(container.substring(0, 4));
    }

    private Verdict points(Condition.Points c) {
        PointsScheme scheme = policy.points();
        int now = pointsOn(scheme, on);
        LocalDate since = now >= c.atLeast() ? earliestHolding(scheme, c.atLeast()) : null;
        LocalDate expected = now >= c.atLeast() ? since : projectedPointsDate(scheme, c.atLeast());
        LocalDate next = null;
        LocalDate start = continuity.runStart();
        if (now < c.atLeast() && start != null) {
            next = reachedAfter(start, (monthsBetween(start, on) / 12 + 1) * 12);
        }
        return new Verdict(now >= c.atLeast(), since, expected, next,
                new Progress(null, null, null, null, null, null, now, c.atLeast()),
                Reason.condition("condition.points", now >= c.atLeast(), c.basis(), c.localChoice(), "points", now,
                        "required", c.atLeast()));
    }

    /** The first day of the unbroken stretch up to {@code on} in which the points stayed at or above the level. */
    private LocalDate earliestHolding(PointsScheme scheme, int level) {
        LocalDate since = on;
        List<LocalDate> dates = new ArrayList<>(pointsChangeDates(on));
        dates.sort(Comparator.reverseOrder());
        for (LocalDate date : dates) {
            if (pointsOn(scheme, date) >= level) {
                since = date;
            } else {
                break;
            }
        }
        return since;
    }

    private List<LocalDate> pointsChangeDates(LocalDate until) {
        TreeSet<LocalDate> dates = new TreeSet<>();
        LocalDate start = continuity.runStart();
        if (start != null) {
            for (int k = 0; !reachedAfter(start, k).isAfter(until); k++) {
                dates.add(reachedAfter(start, k));
            }
        }
        for (HolderFacts.InsuranceMonth m : facts.insurance().values()) {
            LocalDate d = m.month().plusMonths(1).atDay(1);
            if (!d.isAfter(until)) {
                dates.add(d);
            }
        }
        facts.qualifications().stream().map(HolderFacts.Qualification::obtainedOn).filter(d -> !d.isAfter(until))
                .forEach(dates::add);
        return new ArrayList<>(dates);
    }

    /** If residence goes on and contributions continue monthly, the first month start with enough points. */
    private LocalDate projectedPointsDate(PointsScheme scheme, int level) {
        InsuranceCount insured = anyInsurance(on);
        int stoppedAfter = policy.definitions().contributionsStopped().afterMonths();
        boolean contributing = !insured.stopped(on, stoppedAfter);
        if (continuity.runStart() == null) {
            return null;
        }
        LocalDate day = on.withDayOfMonth(1);
        for (int i = 1; i <= POINTS_HORIZON_MONTHS; i++) {
            day = day.plusMonths(1);
            int extraInsurance = contributing ? (int) Math.max(0,
                    Period.between(insured.lastMonth().plusMonths(1).atDay(1), day).toTotalMonths()) : 0;
            if (points(scheme, monthsBetween(continuity.runStart(), day), insured.count() + extraInsurance, day)
                    >= level) {
                return day;
            }
        }
        return null;
    }

    private int pointsOn(PointsScheme scheme, LocalDate day) {
        return points(scheme, monthsBetween(continuity.runStart(), day), anyInsurance(day).count(), day);
    }

    private InsuranceCount anyInsurance(LocalDate day) {
        return counts.of(new Condition.Insurance(0, false, true, true, null, null, null, null, null),
                permit.jurisdiction(), policy.definitions().local().area(), policy.centralCity(),
                policy.definitions().backPaid().afterFollowingMonths(), day);
    }

    private int points(PointsScheme scheme, int residenceMonths, int insuranceMonths, LocalDate day) {
        int total = 0;
        for (PointsScheme.Indicator indicator : scheme.indicators()) {
            int earned = switch (indicator.kind()) {
                case RESIDENCE_YEAR -> residenceMonths / 12 * indicator.points();
                case INSURANCE_YEAR -> insuranceMonths / 12 * indicator.points();
                case QUALIFICATION -> facts.qualifications().stream()
                        .anyMatch(q -> q.kind() == indicator.qualification() && !q.obtainedOn().isAfter(day))
                        ? indicator.points() : 0;
            };
            total += indicator.maxPoints() == null ? earned : Math.min(earned, indicator.maxPoints());
        }
        return total;
    }

    /**
     * The first day on which {@code months} whole months have passed since {@code start}: the same day of the month,
     * or, where that month is shorter (a run from the 31st, or from 29 February), the first day of the next.
     */
    static LocalDate reachedAfter(LocalDate start, int months) {
        LocalDate day = start.plusMonths(months);
        while (monthsBetween(start, day) < months) {
            day = day.plusDays(1);
        }
        return day;
    }

    static int monthsBetween(LocalDate start, LocalDate day) {
        if (start == null || day.isBefore(start)) {
            return 0;
        }
        return (int) Period.between(start, day).toTotalMonths();
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    static LocalDate earlier(LocalDate a, LocalDate b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }

    private static String areaZh(Area area) {
        return switch (area) {
            case ANYWHERE -> null;
            case PROVINCE -> "本省";
            case PREFECTURE -> "本市（州）";
            case COUNTY -> "本县（市、区）";
            case CENTRAL_CITY -> "市中心城区";
        };
    }

    private static String areaEn(Area area) {
        return switch (area) {
            case ANYWHERE -> null;
            case PROVINCE -> "the province";
            case PREFECTURE -> "the prefecture";
            case COUNTY -> "the county-level region";
            case CENTRAL_CITY -> "the central city";
        };
    }

    static String english(Enum<?> value) {
        return value.name().toLowerCase().replace('_', ' ');
    }

    private static String qualificationZh(QualificationKind kind) {
        return switch (kind) {
            case COLLEGE_DEGREE -> "大专及以上学历";
            case PROFESSIONAL_TITLE -> "中级及以上职称";
            case PROPERTY_CERTIFICATE -> "房屋产权证";
            case STABLE_EMPLOYMENT -> "合法稳定就业";
            case STABLE_RESIDENCE -> "合法稳定住所";
        };
    }
}
