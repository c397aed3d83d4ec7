package ledger.permit.rules;

import ledger.permit.contracts.values.QualificationKind;
import ledger.permit.rules.clock.Continuity;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.rules.facts.PermitRecord;
import ledger.permit.rules.policy.Citation;
import ledger.permit.rules.policy.Condition;
import ledger.permit.rules.policy.PointsScheme;
import ledger.permit.rules.policy.ResolvedPolicy;
import ledger.permit.rules.policy.Route;

import java.time.LocalDate;
import java.time.Period;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/** Judges the conditions of a route for one holder (and child) on one day. */
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

    /** One condition's verdict. {@code since}: met since (LocalDate.MIN when timeless); {@code expected}: null if never. */
    private record Verdict(boolean met, LocalDate since, LocalDate expected, Progress progress, String zh, String en) {
    }

    RouteResult judge(Route route) {
        List<Citation> basis = new ArrayList<>();
        if (route.basis() != null) {
            basis.add(route.basis());
        }
        List<String> zh = new ArrayList<>();
        List<String> en = new ArrayList<>();
        boolean met = true;
        LocalDate since = LocalDate.MIN;
        LocalDate expected = LocalDate.MIN;
        Progress progress = Progress.NONE;
        for (Condition condition : route.conditions()) {
            Verdict verdict = judge(condition);
            if (condition.basis() != null) {
                basis.add(condition.basis());
            }
            String choiceZh = condition.localChoice() == null ? "" : "（地方选择，参照：" + condition.localChoice() + "）";
            String choiceEn = condition.localChoice() == null ? ""
                    : " (a local choice, following: " + condition.localChoice() + ")";
            zh.add((verdict.met() ? "✓ " : "✗ ") + verdict.zh() + choiceZh);
            en.add((verdict.met() ? "met: " : "not met: ") + verdict.en() + choiceEn);
            progress = progress.merge(verdict.progress());
            met &= verdict.met();
            if (verdict.met()) {
                since = max(since, verdict.since());
            }
            expected = expected == null || verdict.expected() == null ? null : max(expected, verdict.expected());
        }
        return new RouteResult(route.id(), met, met ? since : null, met ? since : expected, progress,
                List.copyOf(basis), zh, en);
    }

    private Verdict judge(Condition condition) {
        return switch (condition) {
            case Condition.Residence c -> residence(c);
            case Condition.Insurance c -> insurance(c);
            case Condition.SchoolYears c -> schoolYears(c);
            case Condition.Qualification c -> qualification(c);
            case Condition.HukouIn c -> hukouIn(c);
            case Condition.CityTier c -> cityTier(c);
            case Condition.JurisdictionIn c -> jurisdictionIn(c);
            case Condition.Points c -> points(c);
        };
    }

    private Verdict residence(Condition.Residence c) {
        LocalDate start = continuity.runStart();
        int months = monthsBetween(start, on);
        boolean met = start != null && months >= c.months();
        LocalDate reached = start == null ? null : start.plusMonths(c.months());
        return new Verdict(met, reached, reached,
                new Progress(months, c.months(), null, null, null, null, null, null),
                "连续居住 " + months + " 个月" + (start == null ? "" : "（自 " + start + " 起）") + "，需 " + c.months()
                        + " 个月",
                months + " months of continuous residence" + (start == null ? "" : " (since " + start + ")")
                        + " of " + c.months() + " required");
    }

    private Verdict insurance(Condition.Insurance c) {
        InsuranceCount count = counts.of(c, permit.jurisdiction(), on);
        boolean met = count.count() >= c.months();
        String kind = (c.continuous() ? "连续" : "累计") + "参加社会保险"
                + (c.scheme() == null ? "" : "（" + c.scheme() + "）");
        String rules = (c.countLatePaid() ? "" : "，补缴月份不计") + (c.countTransferred() ? "" : "，转入月份不计")
                + (c.maxLatePaidInRun() == null ? "" : "，连续期内补缴不超过 " + c.maxLatePaidInRun() + " 个月");
        String rulesEn = (c.countLatePaid() ? "" : ", back-paid months not counted")
                + (c.countTransferred() ? "" : ", transferred-in months not counted")
                + (c.maxLatePaidInRun() == null ? "" : ", at most " + c.maxLatePaidInRun()
                + " back-paid months in a run");
        String span = count.months().isEmpty() ? "" : "（" + count.months().getFirst() + " 至 "
                + count.months().getLast() + "）";
        String spanEn = count.months().isEmpty() ? "" : " (" + count.months().getFirst() + " to "
                + count.months().getLast() + ")";
        return new Verdict(met, count.reachedOn(c.months()), count.expectedOn(c.months(), on),
                new Progress(null, null, count.count(), c.months(), null, null, null, null),
                kind + " " + count.count() + " 个月" + span + "，需 " + c.months() + " 个月" + rules,
                count.count() + " months of " + (c.continuous() ? "continuous" : "cumulative") + " social insurance"
                        + (c.scheme() == null ? "" : " (" + c.scheme() + ")") + spanEn + " of " + c.months()
                        + " required" + rulesEn);
    }

    private Verdict schoolYears(Condition.SchoolYears c) {
        List<HolderFacts.SchoolYear> years = child == null ? List.of() : facts.children().getOrDefault(child, List.of())
                .stream()
                .filter(y -> y.level() == c.level() && !y.from().isAfter(on)
                        && y.jurisdiction().samePrefecture(permit.jurisdiction()))
                .sorted(Comparator.comparing(HolderFacts.SchoolYear::from))
                .toList();
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
        return new Verdict(met, met ? lastFrom : null, expected,
                new Progress(null, null, null, null, matched, required, null, null),
                "随迁子女在当地连续学籍 " + matched + " 年（" + c.level() + " " + c.grades() + " 年级），需 " + required + " 年",
                matched + " consecutive school years in the jurisdiction (" + c.level() + ", grades " + c.grades()
                        + ") of " + required + " required");
    }

    private Verdict qualification(Condition.Qualification c) {
        HolderFacts.Qualification held = facts.qualifications().stream()
                .filter(q -> q.kind() == c.kind() && !q.obtainedOn().isAfter(on))
                .filter(q -> c.kind() != QualificationKind.STABLE_EMPLOYMENT
                        && c.kind() != QualificationKind.STABLE_RESIDENCE
                        || q.jurisdiction().samePrefecture(permit.jurisdiction()))
                .min(Comparator.comparing(HolderFacts.Qualification::obtainedOn)).orElse(null);
        if (held == null) {
            return new Verdict(false, null, null, Progress.NONE, "未登记" + qualificationZh(c.kind()),
                    "no " + c.kind().name().toLowerCase().replace('_', ' ') + " on record");
        }
        LocalDate reached = held.obtainedOn().plusMonths(c.months());
        boolean met = !reached.isAfter(on);
        String heldFor = c.months() == 0 ? "" : "，需满 " + c.months() + " 个月";
        return new Verdict(met, reached, reached, Progress.NONE,
                qualificationZh(c.kind()) + "自 " + held.obtainedOn() + " 起" + heldFor,
                c.kind().name().toLowerCase().replace('_', ' ') + " since " + held.obtainedOn()
                        + (c.months() == 0 ? "" : ", " + c.months() + " months required"));
    }

    private Verdict hukouIn(Condition.HukouIn c) {
        String hukou = facts.hukouRegion();
        boolean met = hukou != null && c.regions().stream().anyMatch(r -> EntitlementRules.within(hukou, r));
        return new Verdict(met, LocalDate.MIN, met ? LocalDate.MIN : null, Progress.NONE,
                "户籍地区 " + hukou + (met ? " 属于 " : " 不属于 ") + c.regions(),
                "hukou region " + hukou + (met ? " is within " : " is not within ") + c.regions());
    }

    private Verdict cityTier(Condition.CityTier c) {
        String tier = policy.cityTier();
        boolean met = tier != null && c.tiers().contains(tier);
        return new Verdict(met, LocalDate.MIN, met ? LocalDate.MIN : null, Progress.NONE,
                "居住地城市规模档次为 " + tier + "（此途径适用于 " + c.tiers() + "）",
                "the jurisdiction's city tier is " + tier + " (this route is for " + c.tiers() + ")");
    }

    private Verdict jurisdictionIn(Condition.JurisdictionIn c) {
        String here = permit.jurisdiction().value();
        boolean met = c.regions().stream().anyMatch(r -> EntitlementRules.within(here, r));
        return new Verdict(met, LocalDate.MIN, met ? LocalDate.MIN : null, Progress.NONE,
                "居住地 " + here + (met ? " 属于 " : " 不属于 ") + c.regions(),
                "the jurisdiction " + here + (met ? " is within " : " is not within ") + c.regions());
    }

    private Verdict points(Condition.Points c) {
        PointsScheme scheme = policy.points();
        if (scheme == null) {
            return new Verdict(false, null, null, Progress.NONE, "政策未定义积分指标",
                    "the policy defines no points");
        }
        int now = pointsOn(scheme, on);
        LocalDate since = now >= c.atLeast() ? earliestHolding(scheme, c.atLeast()) : null;
        LocalDate expected = now >= c.atLeast() ? since : projectedPointsDate(scheme, c.atLeast());
        return new Verdict(now >= c.atLeast(), since, expected,
                new Progress(null, null, null, null, null, null, now, c.atLeast()),
                "积分 " + now + " 分，需 " + c.atLeast() + " 分", now + " points of " + c.atLeast() + " required");
    }

    /** The first day of the unbroken stretch up to {@code on} in which the points stayed at or above the level. */
    private LocalDate earliestHolding(PointsScheme scheme, int level) {
        LocalDate since = on;
        List<LocalDate> dates = new ArrayList<>(pointsChangeDates(scheme, on));
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

    private List<LocalDate> pointsChangeDates(PointsScheme scheme, LocalDate until) {
        TreeSet<LocalDate> dates = new TreeSet<>();
        LocalDate start = continuity.runStart();
        if (start != null) {
            for (LocalDate d = start; !d.isAfter(until); d = d.plusMonths(1)) {
                dates.add(d);
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
        InsuranceCount insured = counts.of(anyInsurance(), permit.jurisdiction(), on);
        boolean contributing = insured.lastMonth() != null
                && !insured.lastMonth().isBefore(YearMonth.from(on).minusMonths(2));
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
        InsuranceCount insured = counts.of(anyInsurance(), permit.jurisdiction(), day);
        return points(scheme, monthsBetween(continuity.runStart(), day), insured.count(), day);
    }

    private int points(PointsScheme scheme, int residenceMonths, int insuranceMonths, LocalDate day) {
        int total = 0;
        for (PointsScheme.Indicator indicator : scheme.indicators()) {
            int earned = switch (indicator.kind()) {
                case "residenceYear" -> residenceMonths / 12 * indicator.points();
                case "insuranceYear" -> insuranceMonths / 12 * indicator.points();
                case "qualification" -> facts.qualifications().stream()
                        .anyMatch(q -> q.kind() == indicator.qualification() && !q.obtainedOn().isAfter(day))
                        ? indicator.points() : 0;
                default -> 0;
            };
            total += indicator.maxPoints() == null ? earned : Math.min(earned, indicator.maxPoints());
        }
        return total;
    }

    private static Condition.Insurance anyInsurance() {
        return new Condition.Insurance(0, false, true, true, null, null, null, null);
    }

    private static int monthsBetween(LocalDate start, LocalDate day) {
        if (start == null || day.isBefore(start)) {
            return 0;
        }
        return (int) Period.between(start, day).toTotalMonths();
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
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
