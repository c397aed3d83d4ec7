package ledger.permit.rules.policy;

import ledger.permit.contracts.catalog.ServiceCode;
import ledger.permit.contracts.values.RegionKind;

import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Map;

/**
 * One document as data: which regions it governs, when, and with what values, each with its basis.
 * What a policy does not set it takes from its {@code parent} (a provincial or the national policy).
 *
 * @param cityTiers         the size class of the cities under this policy (湖南 三: which city sits in which class is
 *                          a local parameter), by region code, key {@code default} for the rest
 * @param cityTiersApplyTo  the kinds of region a city's class is theirs: its own urban districts (市辖区), not the
 *                          county-level cities and counties of its prefecture
 * @param centralCity       the districts that form the 市中心城区 a clause names (bound by configuration for a document
 *                          that does not list them)
 * @param retroactive       set only where the document reaches back, with the clause that says so: then what an earlier
 *                          policy granted does not stand for the earlier policy's sake where this one's conditions
 *                          are not met (absent: a later version judges only its own days, and what an earlier one
 *                          granted stands while the route that granted it stays met)
 */
public record Policy(String id, int version, String title, List<Source> sources, List<String> regions,
                     LocalDate effectiveFrom, LocalDate effectiveTo, String parent, Retroactivity retroactive,
                     Definitions definitions, Application application, Endorsement endorsement,
                     Map<ServiceCode, ServiceRule> services, PointsScheme points, Map<String, CitySize> cityTiers,
                     List<RegionKind> cityTiersApplyTo, String cityTiersLocalChoice, List<String> centralCity,
                     String centralCityLocalChoice, List<Cap> caps, String notes) {

    public Policy {
        sources = sources == null ? List.of() : List.copyOf(sources);
        regions = regions == null ? List.of() : List.copyOf(regions);
        services = services == null ? Map.of() : Map.copyOf(services);
        cityTiers = cityTiers == null ? Map.of() : Map.copyOf(cityTiers);
        cityTiersApplyTo = cityTiersApplyTo == null ? List.of() : List.copyOf(cityTiersApplyTo);
        centralCity = centralCity == null ? List.of() : List.copyOf(centralCity);
        caps = caps == null ? List.of() : List.copyOf(caps);
    }

    /** Why a document reaches back before the day it took effect. */
    public record Retroactivity(Citation basis, String reason) {
    }

    /**
     * Who may apply: residence of at least {@code minResidence} before the application (Art. 2), away from the place
     * of hukou as {@code awayFromHukou} draws it.
     */
    public record Application(Period minResidence, Citation basis, String localChoice, AwayFromHukou awayFromHukou) {
    }

    /**
     * Art. 2 "离开常住户口所在地，到其他城市居住": the applicant's recorded hukou must lie outside the jurisdiction's
     * {@code area} (another city: PREFECTURE; another county-level region: COUNTY).
     */
    public record AwayFromHukou(Area area, Citation basis, String localChoice) {
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

    /** This policy bound to more regions, and with the central-city districts given (configuration). */
    Policy bound(List<String> moreRegions, List<String> centralCityDistricts) {
        List<String> all = new java.util.ArrayList<>(regions);
        all.addAll(moreRegions);
        return new Policy(id, version, title, sources, all, effectiveFrom, effectiveTo, parent, retroactive,
                definitions, application, endorsement, services, points, cityTiers, cityTiersApplyTo,
                cityTiersLocalChoice, centralCityDistricts.isEmpty() ? centralCity : centralCityDistricts,
                centralCityLocalChoice, caps, notes);
    }
}
