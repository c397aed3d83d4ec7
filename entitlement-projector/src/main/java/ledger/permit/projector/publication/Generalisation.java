package ledger.permit.projector.publication;

import java.util.List;

/**
 * How a holder's quasi-identifiers (the attributes someone who knows a neighbour could look for: birth year, sex,
 * where the ID number was issued, jurisdiction) are published: one chain of levels, each coarser than the one before
 * in every attribute, so that any two profiles of one holder can only say the same as the finer of them. Pure.
 */
final class Generalisation {

    /** How finely a region is published. */
    enum RegionLevel { COUNTY, PREFECTURE, PROVINCE, WITHHELD }

    /**
     * One level of the chain.
     *
     * @param birthBand years per band of birth years (5, 10 or 20), or 0: withheld
     * @param sex       whether the sex is published
     */
    record Step(int birthBand, boolean sex, RegionLevel hukou, RegionLevel jurisdiction) {
    }

    /** The chain, finest first: personal attributes are coarsened before the jurisdiction. */
    static final List<Step> LEVELS = List.of(
            new Step(5, true, RegionLevel.PREFECTURE, RegionLevel.COUNTY),
            new Step(10, true, RegionLevel.PROVINCE, RegionLevel.COUNTY),
            new Step(20, false, RegionLevel.WITHHELD, RegionLevel.COUNTY),
            new Step(20, false, RegionLevel.WITHHELD, RegionLevel.PREFECTURE),
            new Step(0, false, RegionLevel.WITHHELD, RegionLevel.PROVINCE),
            new Step(0, false, RegionLevel.WITHHELD, RegionLevel.WITHHELD));

    static final int COARSEST = LEVELS.size() - 1;

    /**
     * A holder's exact quasi-identifiers.
     *
     * @param hukou        the prefecture the ID number was first issued in
     * @param jurisdiction the county of the holder's permit, or empty before any
     */
    record Tuple(int birthYear, boolean male, String hukou, String jurisdiction) {

        /** From a citizen ID's parts: its region (6 digits), its birth year (4) and its sex digit (the 17th). */
        static Tuple of(String region, String birthYear, char sexDigit, String jurisdiction) {
            return new Tuple(Integer.parseInt(birthYear), (sexDigit - '0') % 2 == 1, region.substring(0, 4) + "00",
                    jurisdiction == null ? "" : jurisdiction);
        }

        static Tuple of(String citizenId, String jurisdiction) {
            return of(citizenId.substring(0, 6), citizenId.substring(6, 10), citizenId.charAt(16), jurisdiction);
        }
    }

    /**
     * What is published of a tuple at one level: the combination a holder must share with at least k - 1 others.
     * Null: withheld ({@code jurisdictionLevel} null: the holder has no jurisdiction yet).
     */
    record Profile(String birthYears, String sex, String hukou, String hukouLevel, String jurisdiction,
                   String jurisdictionLevel) {
    }

    private Generalisation() {
    }

    static Profile profile(Tuple tuple, int level) {
        Step step = LEVELS.get(level);
        String birthYears = null;
        if (step.birthBand() > 0) {
            int from = Math.floorDiv(tuple.birthYear(), step.birthBand()) * step.birthBand();
            birthYears = from + "-" + (from + step.birthBand() - 1);
        }
        boolean noJurisdiction = tuple.jurisdiction().isEmpty();
        return new Profile(birthYears, step.sex() ? (tuple.male() ? "MALE" : "FEMALE") : null,
                region(tuple.hukou(), step.hukou()), step.hukou().name(),
                noJurisdiction ? null : region(tuple.jurisdiction(), step.jurisdiction()),
                noJurisdiction ? null : step.jurisdiction().name());
    }

    /** The region at that level; null when withheld. */
    static String region(String code, RegionLevel level) {
        return switch (level) {
            case COUNTY -> code;
            case PREFECTURE -> code.substring(0, 4) + "00";
            case PROVINCE -> code.substring(0, 2) + "0000";
            case WITHHELD -> null;
        };
    }

    /**
     * The coarsest level at which a jurisdiction governed by policies of these regions may be published: none coarser
     * than the finest of them (a policy of one prefecture, published beside a province, would name the prefecture).
     */
    static int coarsestLevel(String jurisdiction, List<List<String>> policyRegions) {
        int allowed = RegionLevel.WITHHELD.ordinal();
        if (!jurisdiction.isEmpty()) {
            for (List<String> regions : policyRegions) {
                for (String region : regions) {
                    if (region.equals("000000") || jurisdiction.startsWith(prefix(region))) {
                        allowed = Math.min(allowed, coarseness(region));
                    }
                }
            }
        }
        int level = 0;
        while (level < COARSEST && LEVELS.get(level + 1).jurisdiction().ordinal() <= allowed) {
            level++;
        }
        return level;
    }

    /** The digits that name a region: 530000 → 53, 533100 → 5331, 533102 → 533102. */
    static String prefix(String code) {
        return switch (coarseness(code)) {
            case 2 -> code.substring(0, 2);
            case 1 -> code.substring(0, 4);
            case 0 -> code;
            default -> "";
        };
    }

    /**
     * How coarse the region a GB/T 2260 code names is, as a {@link RegionLevel}'s ordinal: a county 0, a prefecture
     * 1, a province 2, the nation (000000) as coarse as a withheld region. A region no finer than a published level
     * says nothing that level does not.
     */
    static int coarseness(String code) {
        if (code.equals("000000")) {
            return RegionLevel.WITHHELD.ordinal();
        }
        if (code.endsWith("0000")) {
            return RegionLevel.PROVINCE.ordinal();
        }
        return code.endsWith("00") ? RegionLevel.PREFECTURE.ordinal() : RegionLevel.COUNTY.ordinal();
    }
}
