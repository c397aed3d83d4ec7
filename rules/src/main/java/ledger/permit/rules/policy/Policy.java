package ledger.permit.rules.policy;

import ledger.permit.contracts.catalog.ServiceCode;

import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Map;

/**
 * One document as data: which regions it governs, when, and with what values, each with its basis.
 * What a policy does not set it takes from its {@code parent} (a provincial or the national policy).
 *
 * @param cityTiers the city-size tier of regions under this policy (湖南 三: which city sits in which tier
 *                  is a local parameter), key {@code default} for the rest
 */
public record Policy(String id, int version, String title, List<Source> sources, List<String> regions,
                     LocalDate effectiveFrom, LocalDate effectiveTo, String parent, Application application,
                     Endorsement endorsement, Map<ServiceCode, ServiceRule> services, PointsScheme points,
                     Map<String, String> cityTiers, String cityTiersLocalChoice, List<Cap> caps, String notes) {

    public Policy {
        sources = sources == null ? List.of() : List.copyOf(sources);
        regions = regions == null ? List.of() : List.copyOf(regions);
        services = services == null ? Map.of() : Map.copyOf(services);
        cityTiers = cityTiers == null ? Map.of() : Map.copyOf(cityTiers);
        caps = caps == null ? List.of() : List.copyOf(caps);
    }

    /** Who may apply: residence of at least {@code minResidence} before the application (Art. 2). */
    public record Application(Period minResidence, Citation basis, String localChoice) {
    }

    /**
     * The yearly endorsement (Art. 10): due in the {@code window} before each anniversary; within
     * {@code graceDays} after it, continuity survives (a local choice, default 0).
     */
    public record Endorsement(Period window, Citation basis, int graceDays, String graceLocalChoice) {
    }

    public boolean inForceOn(LocalDate day) {
        return !day.isBefore(effectiveFrom) && (effectiveTo == null || day.isBefore(effectiveTo));
    }

    public String versionedId() {
        return id + "@" + version;
    }
}
