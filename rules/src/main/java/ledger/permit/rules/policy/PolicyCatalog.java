package ledger.permit.rules.policy;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import ledger.permit.contracts.catalog.ServiceCode;
import ledger.permit.contracts.values.RegionCode;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every policy the ledger knows, validated together, and the answer to "which rules govern this
 * jurisdiction on this day". Pure: policies in, answers out.
 */
public final class PolicyCatalog {

    /** The region code that binds a policy to the whole country. */
    public static final String NATIONAL = "000000";

    private final List<Policy> policies;
    /**
     * {@link #inForce} by region and day, worked out once: the projector judges and the query service answers for
     * a few regions on a few days, thousands of times a second.
     */
    private final LoadingCache<RegionAndDay, Optional<ResolvedPolicy>> inForce;

    private record RegionAndDay(RegionCode jurisdiction, LocalDate day) {
    }

    private PolicyCatalog(List<Policy> policies) {
        this.inForce = Caffeine.newBuilder().maximumSize(10_000)
                .build(key -> resolveInForce(key.jurisdiction(), key.day()));
        this.policies = List.copyOf(policies);
    }

    /**
     * Validates and builds a catalog.
     *
     * @param bindings extra regions bound to a policy by configuration (policy id → regions), for a
     *                 document that names no city (seed 003)
     * @throws InvalidPolicyException with every finding, if any is an error
     */
    public static PolicyCatalog of(List<Policy> policies, Map<String, List<String>> bindings) {
        List<Policy> bound = bind(policies, bindings);
        List<Finding> findings = validate(bound);
        if (findings.stream().anyMatch(f -> f.severity() == Finding.Severity.ERROR)) {
            throw new InvalidPolicyException(findings);
        }
        return new PolicyCatalog(bound);
    }

    /** The bundled policy files with these bindings. */
    public static PolicyCatalog bundled(Map<String, List<String>> bindings) {
        return of(PolicyFiles.bundled(), bindings);
    }

    public List<Policy> policies() {
        return policies;
    }

    public Optional<Policy> policy(String id) {
        return policies.stream().filter(p -> p.id().equals(id)).max(Comparator.comparingInt(Policy::version));
    }

    /** The rules governing {@code jurisdiction} on {@code day}, or empty if no policy was in force. */
    public Optional<ResolvedPolicy> inForce(RegionCode jurisdiction, LocalDate day) {
        return inForce.get(new RegionAndDay(jurisdiction, day));
    }

    private Optional<ResolvedPolicy> resolveInForce(RegionCode jurisdiction, LocalDate day) {
        return policies.stream()
                .filter(p -> p.inForceOn(day))
                .filter(p -> specificity(p, jurisdiction.value()) >= 0)
                .max(Comparator.comparingInt(p -> specificity(p, jurisdiction.value())))
                .map(p -> resolve(p, jurisdiction, day));
    }

    /**
     * Checks policies as a set: every value has a basis, no region is bound twice at the same time,
     * versions of one policy do not overlap, parents exist, and no value breaks a cap a higher document sets.
     */
    public static List<Finding> validate(List<Policy> policies) {
        List<Finding> findings = new ArrayList<>();
        Map<String, List<Policy>> byId = new HashMap<>();
        for (Policy policy : policies) {
            byId.computeIfAbsent(policy.id(), id -> new ArrayList<>()).add(policy);
            findings.addAll(validateOne(policy));
        }
        for (int i = 0; i < policies.size(); i++) {
            for (int j = i + 1; j < policies.size(); j++) {
                Policy a = policies.get(i);
                Policy b = policies.get(j);
                if (!overlap(a, b)) {
                    continue;
                }
                if (a.id().equals(b.id())) {
                    findings.add(Finding.error(b.id(), "effectiveFrom", "versions " + a.version() + " and "
                            + b.version() + " are in force at the same time", null));
                }
                for (String region : a.regions()) {
                    if (b.regions().contains(region)) {
                        findings.add(Finding.error(b.versionedId(), "regions", "region " + region
                                + " is already bound to " + a.versionedId() + " for an overlapping period", null));
                    }
                }
            }
        }
        for (Policy policy : policies) {
            if (policy.parent() != null && !byId.containsKey(policy.parent())) {
                findings.add(Finding.error(policy.versionedId(), "parent", "unknown parent policy "
                        + policy.parent(), null));
            }
            findings.addAll(checkCaps(policy, policies));
        }
        return findings;
    }

    private static List<Finding> validateOne(Policy p) {
        List<Finding> findings = new ArrayList<>();
        String id = p.id() == null ? "(no id)" : p.versionedId();
        if (p.id() == null || p.id().isBlank()) {
            findings.add(Finding.error(id, "id", "a policy needs an id", null));
        }
        if (p.effectiveFrom() == null) {
            findings.add(Finding.error(id, "effectiveFrom", "a policy needs the date it takes effect", null));
        } else if (p.effectiveTo() != null && !p.effectiveTo().isAfter(p.effectiveFrom())) {
            findings.add(Finding.error(id, "effectiveTo", "ends before it begins", null));
        }
        if (p.sources().isEmpty()) {
            findings.add(Finding.error(id, "sources", "a policy names the document it encodes", null));
        }
        Set<String> seen = new HashSet<>();
        for (String region : p.regions()) {
            if (!seen.add(region)) {
                findings.add(Finding.error(id, "regions", "region " + region + " is listed twice", null));
            }
            if (!region.equals(NATIONAL)) {
                try {
                    RegionCode.of(region);
                } catch (RuntimeException e) {
                    findings.add(Finding.error(id, "regions", region + ": " + e.getMessage(), null));
                }
            }
        }
        if (p.application() != null && p.application().basis() == null && p.application().localChoice() == null) {
            findings.add(Finding.error(id, "application", "minResidence needs a basis or a localChoice", null));
        }
        p.services().forEach((code, rule) -> {
            String path = "services." + code;
            if (rule.code() != null && rule.code() != code) {
                findings.add(Finding.error(id, path, "rule is for " + rule.code(), null));
            }
            if (rule.basis() == null) {
                findings.add(Finding.error(id, path, "a service rule needs the clause that grants it", null));
            }
            for (int r = 0; r < rule.routes().size(); r++) {
                Route route = rule.routes().get(r);
                for (int c = 0; c < route.conditions().size(); c++) {
                    Condition condition = route.conditions().get(c);
                    if (condition.basis() == null && condition.localChoice() == null && route.basis() == null) {
                        findings.add(Finding.error(id, path + ".routes[" + r + "].conditions[" + c + "]",
                                "a value needs the clause that fixes it or a localChoice naming the example it "
                                        + "follows", null));
                    }
                }
            }
        });
        return findings;
    }

    private static List<Finding> checkCaps(Policy policy, List<Policy> all) {
        List<Finding> findings = new ArrayList<>();
        List<Cap> caps = new ArrayList<>(policy.caps());
        for (Policy other : all) {
            if (other.id().equals(policy.parent())) {
                caps.addAll(other.caps());
            }
        }
        for (Cap cap : caps) {
            ServiceRule rule = policy.services().get(ServiceCode.valueOf(cap.service()));
            if (rule == null) {
                continue;
            }
            for (int r = 0; r < rule.routes().size(); r++) {
                Route route = rule.routes().get(r);
                boolean inScope = route.conditions().stream().anyMatch(c -> c instanceof Condition.CityTier t
                        && t.tiers().stream().anyMatch(cap.cityTiers()::contains));
                if (!inScope) {
                    continue;
                }
                for (Condition condition : route.conditions()) {
                    int months = switch (condition) {
                        case Condition.Insurance i when cap.conditions().contains("insurance") -> i.months();
                        case Condition.Residence res when cap.conditions().contains("residence") -> res.months();
                        case Condition.Qualification q when cap.conditions().contains("employment")
                                && q.kind() == ledger.permit.contracts.values.QualificationKind.STABLE_EMPLOYMENT ->
                                q.months();
                        default -> -1;
                    };
                    if (months > cap.maxMonths()) {
                        findings.add(Finding.error(policy.versionedId(), "services." + cap.service() + ".routes["
                                + r + "]", "asks " + months + " months where at most " + cap.maxMonths()
                                + " are allowed", cap.basis()));
                    }
                }
            }
        }
        return findings;
    }

    private ResolvedPolicy resolve(Policy policy, RegionCode jurisdiction, LocalDate day) {
        List<Policy> chain = new ArrayList<>();
        Policy current = policy;
        while (current != null && !chain.contains(current)) {
            chain.add(current);
            String parentId = current.parent();
            current = parentId == null ? null : policies.stream()
                    .filter(p -> p.id().equals(parentId) && p.inForceOn(day)).findFirst()
                    .orElseGet(() -> policies.stream().filter(p -> p.id().equals(parentId))
                            .max(Comparator.comparingInt(Policy::version)).orElse(null));
        }
        Policy.Application application = chain.stream().map(Policy::application).filter(a -> a != null)
                .findFirst().orElse(null);
        Policy.Endorsement endorsement = chain.stream().map(Policy::endorsement).filter(e -> e != null)
                .findFirst().orElse(null);
        PointsScheme points = chain.stream().map(Policy::points).filter(s -> s != null).findFirst().orElse(null);
        Map<ServiceCode, ServiceRule> services = new LinkedHashMap<>();
        for (int i = chain.size() - 1; i >= 0; i--) {
            services.putAll(chain.get(i).services());
        }
        String tier = null;
        for (Policy p : chain) {
            Map<String, String> tiers = p.cityTiers();
            if (!tiers.isEmpty()) {
                tier = tiers.getOrDefault(jurisdiction.value(), tiers.getOrDefault(jurisdiction.prefecture(),
                        tiers.get("default")));
                break;
            }
        }
        return new ResolvedPolicy(policy, List.copyOf(chain), application, endorsement, Map.copyOf(services),
                points, tier);
    }

    /** How closely a policy's regions match: 3 county, 2 prefecture, 1 province, 0 national, -1 none. */
    static int specificity(Policy policy, String jurisdiction) {
        int best = -1;
        for (String region : policy.regions()) {
            int level;
            if (region.equals(NATIONAL)) {
                level = 0;
            } else if (region.equals(jurisdiction)) {
                level = 3;
            } else if (region.endsWith("0000") && jurisdiction.startsWith(region.substring(0, 2))) {
                level = 1;
            } else if (region.endsWith("00") && jurisdiction.startsWith(region.substring(0, 4))) {
                level = 2;
            } else {
                continue;
            }
            best = Math.max(best, level);
        }
        return best;
    }

    private static boolean overlap(Policy a, Policy b) {
        if (a.effectiveFrom() == null || b.effectiveFrom() == null) {
            return false;
        }
        boolean aEndsBeforeB = a.effectiveTo() != null && !a.effectiveTo().isAfter(b.effectiveFrom());
        boolean bEndsBeforeA = b.effectiveTo() != null && !b.effectiveTo().isAfter(a.effectiveFrom());
        return !aEndsBeforeB && !bEndsBeforeA;
    }

    private static List<Policy> bind(List<Policy> policies, Map<String, List<String>> bindings) {
        List<Policy> bound = new ArrayList<>();
        for (Policy p : policies) {
            List<String> extra = bindings.getOrDefault(p.id(), List.of());
            if (extra.isEmpty()) {
                bound.add(p);
                continue;
            }
            List<String> regions = new ArrayList<>(p.regions());
            regions.addAll(extra);
            bound.add(new Policy(p.id(), p.version(), p.title(), p.sources(), regions, p.effectiveFrom(),
                    p.effectiveTo(), p.parent(), p.application(), p.endorsement(), p.services(), p.points(),
                    p.cityTiers(), p.cityTiersLocalChoice(), p.caps(), p.notes()));
        }
        return bound;
    }
}
