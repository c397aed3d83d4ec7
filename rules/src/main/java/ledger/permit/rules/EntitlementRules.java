package ledger.permit.rules;

import ledger.permit.contracts.catalog.EntitlementStatus;
import ledger.permit.contracts.catalog.ServiceCode;
import ledger.permit.rules.clock.Continuity;
import ledger.permit.rules.clock.Continuity.PermitState;
import ledger.permit.rules.clock.ContinuityClock;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.rules.facts.PermitRecord;
import ledger.permit.rules.policy.Citation;
import ledger.permit.rules.policy.PolicyCatalog;
import ledger.permit.rules.policy.ResolvedPolicy;
import ledger.permit.rules.policy.Route;
import ledger.permit.rules.policy.ServiceRule;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Derives a holder's entitlements on a day from the facts and the policy in force that day.
 * Pure: no clock, no I/O. The projector, the query service and the command service all call this.
 */
public final class EntitlementRules {

    private EntitlementRules() {
    }

    public static Assessment assess(HolderFacts facts, PolicyCatalog catalog, LocalDate on) {
        PermitRecord permit = facts.permitOn(on);
        Optional<ResolvedPolicy> policy = permit == null ? Optional.empty()
                : catalog.inForce(permit.jurisdiction(), on);
        Continuity continuity = ContinuityClock.on(permit, policy.map(ResolvedPolicy::endorsement).orElse(null),
                facts.residence(), on);
        // the permit's standing opens every gradual and day-one service's explanation: said once for all of them
        PermitSentences standing = new PermitSentences(permitSentenceZh(continuity), permitSentenceEn(continuity));
        InsuranceCount.Cache counts = new InsuranceCount.Cache(facts);
        List<ServiceAssessment> services = new ArrayList<>();
        for (ServiceCode code : ServiceCode.values()) {
            services.addAll(assessService(code, facts, counts, permit, continuity, standing, policy.orElse(null), on));
        }
        return new Assessment(on, policy.map(p -> p.policy().id()).orElse(null),
                policy.map(p -> p.policy().version()).orElse(null), continuity, List.copyOf(services));
    }

    /** The sentences on the permit's standing that open a service's explanation, in Chinese and in English. */
    private record PermitSentences(String zh, String en) {
    }

    private static List<ServiceAssessment> assessService(ServiceCode code, HolderFacts facts,
                                                         InsuranceCount.Cache counts, PermitRecord permit,
                                                         Continuity continuity, PermitSentences standing,
                                                         ResolvedPolicy policy, LocalDate on) {
        boolean childService = code == ServiceCode.CHILD_HIGH_SCHOOL_ADMISSION || code == ServiceCode.CHILD_COLLEGE_EXAM;
        if (childService) {
            if (facts.children().isEmpty()) {
                return List.of(fixed(code, EntitlementStatus.NOT_APPLICABLE, null, null, List.of(),
                        "未登记随迁子女", "no child is recorded with this holder"));
            }
            List<ServiceAssessment> perChild = new ArrayList<>();
            for (String child : facts.children().keySet()) {
                perChild.add(assessOne(code, child, facts, counts, permit, continuity, standing, policy, on));
            }
            return perChild;
        }
        return List.of(assessOne(code, null, facts, counts, permit, continuity, standing, policy, on));
    }

    private static ServiceAssessment assessOne(ServiceCode code, String child, HolderFacts facts,
                                               InsuranceCount.Cache counts, PermitRecord permit,
                                               Continuity continuity, PermitSentences standing,
                                               ResolvedPolicy policy, LocalDate on) {
        switch (continuity.state()) {
            case NONE -> {
                return fixed(code, EntitlementStatus.NOT_YET, null, child, List.of(),
                        on + " 之前未申领居住证", "no permit application on or before " + on);
            }
            case SETTLED -> {
                return fixed(code, EntitlementStatus.NOT_APPLICABLE, continuity.since(), child, List.of(),
                        continuity.since() + " 已在居住地登记常住户口，享有当地户籍人口的全部权利",
                        "settled hukou on " + continuity.since() + ": a local resident with every local right");
            }
            case MOVED_AWAY -> {
                return fixed(code, EntitlementStatus.NOT_APPLICABLE, continuity.since(), child, List.of(),
                        continuity.since() + " 已迁离原居住地，原居住证不再适用",
                        "moved away on " + continuity.since() + ": the permit there no longer applies");
            }
            default -> {
            }
        }
        if (policy == null) {
            return fixed(code, EntitlementStatus.NOT_YET, null, child, List.of(),
                    on + " 该地区无有效政策", "no policy was in force for the jurisdiction on " + on);
        }
        Optional<ServiceRule> rule = policy.service(code);
        if (rule.isEmpty()) {
            return fixed(code, EntitlementStatus.NOT_YET, null, child, List.of(),
                    policy.policy().title() + " 未规定此项服务的条件",
                    policy.policy().title() + " sets no conditions for this service");
        }
        ServiceRule serviceRule = rule.get();
        List<Citation> basis = new ArrayList<>();
        basis.add(serviceRule.basis());
        List<String> zh = new ArrayList<>();
        List<String> en = new ArrayList<>();
        zh.add(standing.zh());
        en.add(standing.en());

        if (continuity.state() == PermitState.SUSPENDED) {
            return new ServiceAssessment(code, EntitlementStatus.SUSPENDED, continuity.since(), null, child, null,
                    Progress.NONE, withArt10(basis), new Explanation(zh, en));
        }
        Conditions conditions = new Conditions(facts, permit, continuity, policy, on, child, counts);
        if (serviceRule.dayOne()) {
            if (continuity.state() == PermitState.VALID) {
                zh.add("居住证有效，享有与当地户籍人口同等的" + code.chineseName() + "服务");
                en.add("a valid permit gives equal access to " + english(code) + " from the day it is valid");
                return new ServiceAssessment(code, EntitlementStatus.ENTITLED, continuity.since(), null, child, null,
                        Progress.NONE, basis, new Explanation(zh, en));
            }
            return new ServiceAssessment(code, EntitlementStatus.NOT_YET, null, null, child, null, Progress.NONE,
                    basis, new Explanation(zh, en));
        }

        List<RouteResult> routes = serviceRule.routes().stream().map(conditions::judge).toList();
        boolean valid = continuity.state() == PermitState.VALID;
        Optional<RouteResult> met = routes.stream().filter(RouteResult::met)
                .min(Comparator.comparing(RouteResult::since));
        if (valid && met.isPresent()) {
            RouteResult decided = met.get();
            // no retroactivity: a gradual service holds under this policy from the day it took effect
            LocalDate since = later(later(decided.since(), continuity.since()), policy.policy().effectiveFrom());
            basis.addAll(decided.basis());
            zh.addAll(decided.zh());
            en.addAll(decided.en());
            return new ServiceAssessment(code, EntitlementStatus.ENTITLED, since, null, child, decided.route(),
                    decided.progress(), distinct(basis), new Explanation(zh, en));
        }
        RouteResult closest = routes.stream()
                .min(Comparator.comparing(RouteResult::expectedOn, Comparator.nullsLast(Comparator.naturalOrder())))
                .orElse(null);
        LocalDate expected = null;
        if (closest != null) {
            basis.addAll(closest.basis());
            zh.addAll(closest.zh());
            en.addAll(closest.en());
            expected = closest.expectedOn();
            if (continuity.state() == PermitState.APPLIED && expected != null) {
                expected = null;
            }
            if (valid && expected != null) {
                expected = later(expected, on);
            }
        }
        if (routes.isEmpty()) {
            zh.add("此项服务无可用途径");
            en.add("no route to this service is defined");
        }
        if (!valid) {
            zh.add("须持有有效居住证");
            en.add("a valid permit is required");
        }
        return new ServiceAssessment(code, EntitlementStatus.NOT_YET, null, expected, child,
                closest == null ? null : closest.route(), closest == null ? Progress.NONE : closest.progress(),
                distinct(basis), new Explanation(zh, en));
    }

    /** The citations for the suspension itself. */
    private static List<Citation> withArt10(List<Citation> basis) {
        List<Citation> all = new ArrayList<>(basis);
        all.add(new Citation("《居住证暂行条例》", "第十条"));
        return distinct(all);
    }

    static String permitSentenceZh(Continuity c) {
        return switch (c.state()) {
            case APPLIED -> c.since() + " 已申领居住证，尚未发证";
            case REFUSED -> c.since() + " 的申领未获受理（条件不符）";
            case REJECTED -> c.since() + " 申领被驳回";
            case VALID -> "居住证自 " + c.since() + " 起有效" + (c.runStart() == null ? ""
                    : "，连续居住自 " + c.runStart() + " 起计算") + "；下次签注期限 " + c.nextAnniversary();
            case SUSPENDED -> "未按期签注：" + c.nextAnniversary() + " 满一年未签注，自 " + c.since()
                    + " 起居住证功能中止";
            case CANCELLED -> c.since() + " 居住证已注销";
            default -> c.state().name();
        } + restartsZh(c);
    }

    static String permitSentenceEn(Continuity c) {
        return switch (c.state()) {
            case APPLIED -> "applied on " + c.since() + ", not yet issued";
            case REFUSED -> "the application of " + c.since() + " was refused (conditions unmet)";
            case REJECTED -> "the application was rejected on " + c.since();
            case VALID -> "permit valid since " + c.since() + (c.runStart() == null ? ""
                    : ", continuous residence counted from " + c.runStart()) + "; next endorsement due by "
                    + c.nextAnniversary();
            case SUSPENDED -> "not endorsed by the anniversary " + c.nextAnniversary()
                    + ": the permit's functions are suspended from " + c.since();
            case CANCELLED -> "the permit was cancelled on " + c.since();
            default -> c.state().name();
        } + restartsEn(c);
    }

    private static String restartsZh(Continuity c) {
        return c.lapses().stream().filter(l -> l.restoredOn() != null)
                .map(l -> "；" + l.anniversary() + " 逾期未签注，" + l.restoredOn() + " 补签注后恢复，连续居住年限自该日重新计算")
                .reduce("", String::concat);
    }

    private static String restartsEn(Continuity c) {
        return c.lapses().stream().filter(l -> l.restoredOn() != null)
                .map(l -> "; the endorsement due " + l.anniversary() + " came late on " + l.restoredOn()
                        + ": continuity counts again from that day")
                .reduce("", String::concat);
    }

    private static ServiceAssessment fixed(ServiceCode code, EntitlementStatus status, LocalDate since, String child,
                                           List<Citation> basis, String zh, String en) {
        return new ServiceAssessment(code, status, since, null, child, null, Progress.NONE, basis,
                new Explanation(List.of(zh), List.of(en)));
    }

    static String english(ServiceCode code) {
        return code.name().toLowerCase().replace('_', ' ');
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

    /** Maps a region to whether it lies within another (same code, or inside its prefecture or province). */
    static boolean within(String region, String container) {
        if (container.equals(region)) {
            return true;
        }
        if (container.endsWith("0000")) {
            return region.startsWith(container.substring(0, 2));
        }
        return container.endsWith("00") && region.startsWith(container.substring(0, 4));
    }
}
