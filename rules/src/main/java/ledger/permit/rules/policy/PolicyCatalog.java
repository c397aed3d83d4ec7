package ledger.permit.rules.policy;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import ledger.permit.contracts.catalog.ServiceCode;
import ledger.permit.contracts.values.QualificationKind;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.contracts.values.RegionKind;
import ledger.permit.contracts.values.Regions;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every policy the ledger knows, validated together, and the answer to "which rules govern this
 * jurisdiction on this day". Pure: policies in, answers out.
 */
public final class PolicyCatalog {

    /** The region code that binds a policy to the whole country. */
    public static final String NATIONAL = "000000";

    private final List<Policy> policies;
    /** Every day on which some policy takes or ceases effect, in order. */
    private final TreeSet<LocalDate> boundaries = new TreeSet<>();
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
        for (Policy policy : policies) {
            boundaries.add(policy.effectiveFrom());
            if (policy.effectiveTo() != null) {
                boundaries.add(policy.effectiveTo());
            }
        }
    }

    /**
     * Validates and builds a catalog.
     *
     * @param bindings extra regions bound to a policy by configuration (policy id → regions), for a
     *                 document that names no city (seed 003)
     * @throws InvalidPolicyException with every finding, if any is an error
     */
    public static PolicyCatalog of(List<Policy> policies, Map<String, List<String>> bindings) {
        return of(policies, bindings, Map.of());
    }

    /**
     * @param centralCities the districts that form a policy's 市中心城区 (policy id → districts), for a document that
     *                      names its central city without listing it
     */
    public static PolicyCatalog of(List<Policy> policies, Map<String, List<String>> bindings,
                                   Map<String, List<String>> centralCities) {
        List<Policy> bound = new ArrayList<>();
        for (Policy p : policies) {
            bound.add(p.bound(bindings.getOrDefault(p.id(), List.of()), centralCities.getOrDefault(p.id(), List.of())));
        }
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

    /** The bundled policy files with these bindings and central cities. */
    public static PolicyCatalog bundled(Map<String, List<String>> bindings, Map<String, List<String>> centralCities) {
        return of(PolicyFiles.bundled(), bindings, centralCities);
    }

    public List<Policy> policies() {
        return policies;
    }

    public Optional<Policy> policy(String id) {
        return policies.stream().filter(p -> p.id().equals(id)).max(Comparator.comparingInt(Policy::version));
    }

    /** The policy of this id and version. */
    public Optional<Policy> policy(String id, int version) {
        return policies.stream().filter(p -> p.id().equals(id) && p.version() == version).findFirst();
    }

    /** The first day after {@code day} on which a policy that can govern the jurisdiction takes or ceases effect. */
    public LocalDate nextBoundary(RegionCode jurisdiction, LocalDate day) {
        for (LocalDate next = boundaries.higher(day); next != null; next = boundaries.higher(next)) {
            if (boundary(jurisdiction, next)) {
                return next;
            }
        }
        return null;
    }

    /** Whether a policy that can govern the jurisdiction takes or ceases effect on {@code day}. */
    public boolean boundary(RegionCode jurisdiction, LocalDate day) {
        return boundaries.contains(day) && policies.stream()
                .filter(p -> p.effectiveFrom().equals(day) || day.equals(p.effectiveTo()))
                .anyMatch(p -> specificity(p, jurisdiction.value()) >= 0);
    }

    /** The rules governing {@code jurisdiction} on {@code day}, or empty if no policy was in force. */
    public Optional<ResolvedPolicy> inForce(RegionCode jurisdiction, LocalDate day) {
        // the same between two days on which any policy takes or ceases effect: worked out once for the stretch
        LocalDate stretch = boundaries.floor(day);
        return inForce.get(new RegionAndDay(jurisdiction, stretch == null ? day : stretch));
    }

    private Optional<ResolvedPolicy> resolveInForce(RegionCode jurisdiction, LocalDate day) {
        return policies.stream()
                .filter(p -> p.inForceOn(day))
                .filter(p -> specificity(p, jurisdiction.value()) >= 0)
                .max(Comparator.comparingInt(p -> specificity(p, jurisdiction.value())))
                .map(p -> resolve(p, jurisdiction, day));
    }

    /** The rules of {@code policy} for a jurisdiction on a day, completed by its parents as they stood that day. */
    public ResolvedPolicy resolve(Policy policy, RegionCode jurisdiction, LocalDate day) {
        List<Policy> chain = chain(policy, policies, day);
        Policy.Application application = first(chain, Policy::application);
        Policy.Endorsement endorsement = first(chain, Policy::endorsement);
        PointsScheme points = first(chain, Policy::points);
        Map<ServiceCode, ServiceRule> services = new LinkedHashMap<>();
        for (int i = chain.size() - 1; i >= 0; i--) {
            services.putAll(chain.get(i).services());
        }
        CitySize tier = null;
        boolean sized = false;
        for (Policy p : chain) {
            if (!p.cityTiers().isEmpty()) {
                // a code the region table lacks (abolished or renamed since its edition) has no kind, and no size class
                sized = jurisdiction.kind() != null && p.cityTiersApplyTo().contains(jurisdiction.kind());
                if (sized) {
                    Map<String, CitySize> tiers = p.cityTiers();
                    tier = tiers.getOrDefault(jurisdiction.value(), tiers.getOrDefault(jurisdiction.prefecture(),
                            tiers.get("default")));
                }
                break;
            }
        }
        Definitions definitions = new Definitions(
                first(chain, p -> p.definitions() == null ? null : p.definitions().local()),
                first(chain, p -> p.definitions() == null ? null : p.definitions().backPaid()),
                first(chain, p -> p.definitions() == null ? null : p.definitions().contributionsStopped()),
                first(chain, p -> p.definitions() == null || p.definitions().counts().isEmpty() ? null
                        : p.definitions().counts()));
        List<String> central = chain.stream().map(Policy::centralCity).filter(c -> !c.isEmpty()).findFirst()
                .orElse(List.of());
        return new ResolvedPolicy(policy, List.copyOf(chain), application, endorsement, Map.copyOf(services),
                points, tier, sized, definitions, central);
    }

    private static <T> T first(List<Policy> chain, java.util.function.Function<Policy, T> value) {
        return chain.stream().map(value).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** The policy and its parents, most specific first: each parent the version in force on {@code day}. */
    private static List<Policy> chain(Policy policy, List<Policy> all, LocalDate day) {
        List<Policy> chain = new ArrayList<>();
        Policy current = policy;
        while (current != null && !chain.contains(current)) {
            chain.add(current);
            String parentId = current.parent();
            // on a day: the parent's version in force that day, and none if none is (no rule outside its own time);
            // for validation, which judges no day: its latest version
            current = parentId == null ? null : day != null
                    ? all.stream().filter(p -> p.id().equals(parentId) && p.inForceOn(day)).findFirst().orElse(null)
                    : all.stream().filter(p -> p.id().equals(parentId))
                    .max(Comparator.comparingInt(Policy::version)).orElse(null);
        }
        return chain;
    }

    /**
     * Checks policies as a set: every value has a basis, no region is bound twice at the same time,
     * versions of one policy do not overlap, parents exist, each policy with its parents defines what its conditions
     * rely on, and no value breaks a cap that it or a policy above it sets, however far above.
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
                continue;
            }
            findings.addAll(checkDefinitions(policy, policies));
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
        if (p.retroactive() != null && p.retroactive().basis() == null) {
            findings.add(Finding.error(id, "retroactive", "a policy that reaches back cites the clause that says so",
                    null));
        }
        Set<String> seen = new HashSet<>();
        for (String region : p.regions()) {
            if (!seen.add(region)) {
                findings.add(Finding.error(id, "regions", "region " + region + " is listed twice", null));
            }
        }
        for (Map.Entry<String, String> named : regionsNamed(p)) {
            findings.addAll(knownRegion(id, named.getKey(), named.getValue()));
        }
        if (!p.cityTiers().isEmpty()) {
            if (p.cityTiersApplyTo().isEmpty()) {
                findings.add(Finding.error(id, "cityTiersApplyTo", "say which kinds of region a city's size class "
                        + "is theirs (its urban districts: [DISTRICT])", null));
            }
            if (p.cityTiersLocalChoice() == null) {
                findings.add(Finding.error(id, "cityTiersLocalChoice", "say where the cities' sizes come from", null));
            }
        }
        if (p.application() != null && p.application().minResidence() == null) {
            findings.add(Finding.error(id, "application.minResidence", "is required", null));
        }
        if (p.application() != null && p.application().awayFromHukou() != null) {
            Area area = p.application().awayFromHukou().area();
            if (area == null || area == Area.ANYWHERE || area == Area.CENTRAL_CITY) {
                findings.add(Finding.error(id, "application.awayFromHukou.area", "names how far from the hukou an "
                        + "applicant must live: PROVINCE, PREFECTURE or COUNTY", null));
            }
        }
        if (p.endorsement() != null && p.endorsement().window() == null) {
            findings.add(Finding.error(id, "endorsement.window", "is required", null));
        }
        for (int i = 0; i < p.caps().size(); i++) {
            Cap cap = p.caps().get(i);
            if (cap.service() == null || java.util.Arrays.stream(ServiceCode.values())
                    .noneMatch(code -> code.name().equals(cap.service()))) {
                findings.add(Finding.error(id, "caps[" + i + "].service", "'" + cap.service()
                        + "' is not a service of the catalog", null));
            }
            if (cap.conditions().isEmpty() || !CAPPED.containsAll(cap.conditions())) {
                findings.add(Finding.error(id, "caps[" + i + "].conditions", cap.conditions() + " are not all of "
                        + CAPPED, null));
            }
            if (cap.cityTiers().isEmpty() || cap.basis() == null) {
                findings.add(Finding.error(id, "caps[" + i + "]", "a cap names the size classes it binds and the "
                        + "clause that sets it", null));
            }
        }
        boolean centralCityUsed = p.services().values().stream().flatMap(s -> s.routes().stream())
                .flatMap(r -> r.conditions().stream()).anyMatch(PolicyCatalog::asksForCentralCity);
        if (centralCityUsed && !p.regions().isEmpty() && p.centralCity().isEmpty()) {
            findings.add(Finding.error(id, "centralCity", "the policy is bound to " + p.regions()
                    + " but names no district of its central city (市中心城区), which its conditions ask for", null));
        }
        for (String district : p.centralCity()) {
            if (p.regions().stream().noneMatch(region -> region.equals(district)
                    || region.endsWith("0000") && district.startsWith(region.substring(0, 2))
                    || region.endsWith("00") && district.startsWith(region.substring(0, 4)))) {
                findings.add(Finding.error(id, "centralCity", "district " + district + " lies outside the policy's "
                        + "regions " + p.regions(), null));
            }
        }
        if (p.application() != null && p.application().basis() == null) {
            findings.add(Finding.error(id, "application", "who may apply needs the clause that says it (a refusal "
                    + "cites it)", null));
        }
        if (p.application() != null && p.application().awayFromHukou() != null
                && p.application().awayFromHukou().basis() == null
                && p.application().awayFromHukou().localChoice() == null) {
            findings.add(Finding.error(id, "application.awayFromHukou", "needs a basis or a localChoice", null));
        }
        if (p.definitions() != null) {
            Definitions d = p.definitions();
            if (d.local() != null && (d.local().area() == null || d.local().basis() == null
                    && d.local().localChoice() == null)) {
                findings.add(Finding.error(id, "definitions.local", "needs an area and a basis or a localChoice",
                        null));
            }
            if (d.backPaid() != null && d.backPaid().basis() == null && d.backPaid().localChoice() == null) {
                findings.add(Finding.error(id, "definitions.backPaid", "needs a basis or a localChoice", null));
            }
            if (d.contributionsStopped() != null && d.contributionsStopped().basis() == null
                    && d.contributionsStopped().localChoice() == null) {
                findings.add(Finding.error(id, "definitions.contributionsStopped", "needs a basis or a localChoice",
                        null));
            }
            for (int i = 0; i < d.counts().size(); i++) {
                Definitions.Counts counts = d.counts().get(i);
                if (counts.as() == null || counts.kinds().isEmpty()
                        || counts.basis() == null && counts.localChoice() == null) {
                    findings.add(Finding.error(id, "definitions.counts[" + i + "]",
                            "names the qualification, what counts as it, and a basis or a localChoice", null));
                }
            }
        }
        if (p.points() != null) {
            for (int i = 0; i < p.points().indicators().size(); i++) {
                PointsScheme.Indicator indicator = p.points().indicators().get(i);
                if (indicator.kind() == null) {
                    findings.add(Finding.error(id, "points.indicators[" + i + "]", "an indicator needs its kind",
                            null));
                } else if (indicator.kind() == PointsScheme.IndicatorKind.QUALIFICATION
                        && indicator.qualification() == null) {
                    findings.add(Finding.error(id, "points.indicators[" + i + "]",
                            "a qualification indicator names the qualification", null));
                }
            }
        }
        p.services().forEach((code, rule) -> {
            String path = "services." + code;
            if (rule.code() != null && rule.code() != code) {
                findings.add(Finding.error(id, path, "rule is for " + rule.code(), null));
            }
            if (rule.basis() == null) {
                findings.add(Finding.error(id, path, "a service rule needs the clause that grants it", null));
            }
            if (rule.requiresPermit() == null) {
                findings.add(Finding.error(id, path + ".requiresPermit", "say whether the clause grants the service "
                        + "to permit holders (true) or on other facts alone (false)", null));
            }
            for (int r = 0; r < rule.routes().size(); r++) {
                Route route = rule.routes().get(r);
                String routePath = path + ".routes[" + r + "]";
                if (!rule.permitRequired(route) && route.basis() == null) {
                    findings.add(Finding.error(id, routePath, "a route open without a permit cites the clause that "
                            + "grants it so", null));
                }
                for (int c = 0; c < route.conditions().size(); c++) {
                    Condition condition = route.conditions().get(c);
                    String conditionPath = routePath + ".conditions[" + c + "]";
                    if (condition.basis() == null && condition.localChoice() == null) {
                        findings.add(Finding.error(id, conditionPath,
                                "a value needs the clause that fixes it or a localChoice naming the example it "
                                        + "follows (a route's basis does not stand in for its conditions')", null));
                    }
                    findings.addAll(checkCondition(id, conditionPath, condition));
                }
            }
        });
        return findings;
    }

    private static List<Finding> checkCondition(String id, String path, Condition condition) {
        return switch (condition) {
            case Condition.HukouIn h when h.regions().isEmpty() && h.places().isEmpty() ->
                    List.of(Finding.error(id, path, "names no region and no kind of place", null));
            case Condition.JurisdictionIn j when j.regions().isEmpty() && j.places().isEmpty() ->
                    List.of(Finding.error(id, path, "names no region and no kind of place", null));
            case Condition.SchoolYears s when s.grades().isEmpty() || s.level() == null
                    || !s.grades().stream().allMatch(s.level()::hasGrade) ->
                    List.of(Finding.error(id, path, "grades " + s.grades() + " are not all in " + s.level(), null));
            case Condition.Qualification q when q.kind() == null ->
                    List.of(Finding.error(id, path, "a qualification condition names the qualification", null));
            case Condition.CityTier t when t.tiers().isEmpty() ->
                    List.of(Finding.error(id, path, "names no size class", null));
            default -> List.of();
        };
    }

    /** Every region a policy names, each with the path of the value that names it. */
    static List<Map.Entry<String, String>> regionsNamed(Policy p) {
        List<Map.Entry<String, String>> named = new ArrayList<>();
        p.regions().stream().filter(r -> !r.equals(NATIONAL)).forEach(r -> named.add(Map.entry("regions", r)));
        p.centralCity().forEach(r -> named.add(Map.entry("centralCity", r)));
        p.cityTiers().keySet().stream().filter(k -> !k.equals("default"))
                .forEach(r -> named.add(Map.entry("cityTiers", r)));
        p.services().forEach((code, rule) -> {
            for (int r = 0; r < rule.routes().size(); r++) {
                List<Condition> conditions = rule.routes().get(r).conditions();
                for (int c = 0; c < conditions.size(); c++) {
                    String path = "services." + code + ".routes[" + r + "].conditions[" + c + "]";
                    List<String> regions = new ArrayList<>();
                    List<Place> places = List.of();
                    if (conditions.get(c) instanceof Condition.HukouIn h) {
                        regions.addAll(h.regions());
                        places = h.places();
                    } else if (conditions.get(c) instanceof Condition.JurisdictionIn j) {
                        regions.addAll(j.regions());
                        places = j.places();
                    }
                    places.forEach(place -> regions.addAll(place.within()));
                    regions.forEach(region -> named.add(Map.entry(path, region)));
                }
            }
        });
        return named;
    }

    /** The asks a cap can limit. */
    private static final List<String> CAPPED = List.of("insurance", "employment", "residence");

    private static boolean asksForCentralCity(Condition condition) {
        return switch (condition) {
            case Condition.Qualification q -> q.where() == Area.CENTRAL_CITY;
            case Condition.Insurance i -> i.where() == Area.CENTRAL_CITY;
            case Condition.JurisdictionIn j -> j.places().stream().anyMatch(place -> place.centralCity() != null);
            case Condition.HukouIn h -> h.places().stream().anyMatch(place -> place.centralCity() != null);
            default -> false;
        };
    }

    /** A region must be a GB/T 2260 code the ledger's table lists. */
    static List<Finding> knownRegion(String policy, String path, String region) {
        try {
            RegionCode code = RegionCode.of(region);
            if (Regions.find(code.value()).isEmpty()) {
                return List.of(Finding.error(policy, path, "region " + region + " is not in the region table ("
                        + Regions.EDITION + ")", null));
            }
            return List.of();
        } catch (RuntimeException e) {
            return List.of(Finding.error(policy, path, region + ": " + e.getMessage(), null));
        }
    }

    /** The definitions the conditions rely on must be found in the policy or above it. */
    private static List<Finding> checkDefinitions(Policy policy, List<Policy> all) {
        if (policy.services().isEmpty()) {
            return List.of();
        }
        List<Policy> chain = chain(policy, all, null);
        List<Finding> findings = new ArrayList<>();
        if (first(chain, p -> p.definitions() == null ? null : p.definitions().local()) == null) {
            findings.add(Finding.error(policy.versionedId(), "definitions.local",
                    "neither this policy nor a parent says where 当地 lies", null));
        }
        if (first(chain, p -> p.definitions() == null ? null : p.definitions().backPaid()) == null) {
            findings.add(Finding.error(policy.versionedId(), "definitions.backPaid",
                    "neither this policy nor a parent says when a month is back-paid", null));
        }
        if (first(chain, p -> p.definitions() == null ? null : p.definitions().contributionsStopped()) == null) {
            findings.add(Finding.error(policy.versionedId(), "definitions.contributionsStopped",
                    "neither this policy nor a parent says when contributions count as stopped", null));
        }
        boolean pointsUsed = policy.services().values().stream().flatMap(s -> s.routes().stream())
                .flatMap(r -> r.conditions().stream()).anyMatch(c -> c instanceof Condition.Points);
        if (pointsUsed && first(chain, Policy::points) == null) {
            findings.add(Finding.error(policy.versionedId(), "points", "a points condition needs a points scheme",
                    null));
        }
        return findings;
    }

    /** The caps of the policy and of every policy above it (every version of each), each with where it comes from. */
    private static List<Cap> capsAbove(Policy policy, List<Policy> all) {
        List<Cap> caps = new ArrayList<>(policy.caps());
        Set<String> visited = new HashSet<>(Set.of(policy.id()));
        String parent = policy.parent();
        while (parent != null && visited.add(parent)) {
            String id = parent;
            List<Policy> versions = all.stream().filter(p -> p.id().equals(id)).toList();
            versions.forEach(v -> caps.addAll(v.caps()));
            parent = versions.stream().map(Policy::parent).filter(Objects::nonNull).findFirst().orElse(null);
        }
        return caps;
    }

    private static List<Finding> checkCaps(Policy policy, List<Policy> all) {
        List<Finding> findings = new ArrayList<>();
        for (Cap cap : capsAbove(policy, all)) {
            // a cap of an unknown service is the finding of the policy that sets it (validateOne)
            ServiceRule rule = java.util.Arrays.stream(ServiceCode.values())
                    .filter(code -> code.name().equals(cap.service())).findFirst()
                    .map(code -> policy.services().get(code)).orElse(null);
            if (rule == null || cap.basis() == null) {
                continue;
            }
            for (int r = 0; r < rule.routes().size(); r++) {
                Route route = rule.routes().get(r);
                if (!reaches(route, cap, policy)) {
                    continue;
                }
                for (Condition condition : route.conditions()) {
                    int months = switch (condition) {
                        case Condition.Insurance i when cap.conditions().contains("insurance") -> i.months();
                        case Condition.Residence res when cap.conditions().contains("residence") -> res.months();
                        case Condition.Qualification q when cap.conditions().contains("employment")
                                && q.kind() == QualificationKind.STABLE_EMPLOYMENT -> q.months();
                        default -> -1;
                    };
                    if (months > cap.maxMonths()) {
                        findings.add(Finding.error(policy.versionedId(), "services." + cap.service() + ".routes["
                                + r + "]", "asks " + months + " months where at most " + cap.maxMonths()
                                + " are allowed in a city of class " + cap.cityTiers(), cap.basis()));
                    }
                }
            }
        }
        return findings;
    }

    /**
     * Whether a route can reach a jurisdiction of a capped size class: unless a condition restricts it to other
     * classes, or to kinds of place that have no city size class under the policy, it can.
     */
    private static boolean reaches(Route route, Cap cap, Policy policy) {
        List<RegionKind> tiered = policy.cityTiersApplyTo().isEmpty() ? List.of(RegionKind.DISTRICT)
                : policy.cityTiersApplyTo();
        for (Condition condition : route.conditions()) {
            if (condition instanceof Condition.CityTier t && t.tiers().stream().noneMatch(cap.cityTiers()::contains)) {
                return false;
            }
            if (condition instanceof Condition.JurisdictionIn j && j.regions().isEmpty() && !j.places().isEmpty()
                    && j.places().stream().noneMatch(place -> reaches(place, cap, tiered))) {
                return false;
            }
        }
        return true;
    }

    private static boolean reaches(Place place, Cap cap, List<RegionKind> tiered) {
        if (!place.cityTiers().isEmpty() && place.cityTiers().stream().noneMatch(cap.cityTiers()::contains)) {
            return false;
        }
        return place.kinds().isEmpty() || place.kinds().stream().anyMatch(tiered::contains);
    }

    /** How closely a policy's regions match: 3 county, 2 prefecture, 1 province, 0 national, -1 none. */
    public static int specificity(Policy policy, String jurisdiction) {
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
}
