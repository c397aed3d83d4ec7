package ledger.permit.contracts.values;

/**
 * The kind of a GB/T 2260 region, as the documents name places: a clause for "县级市市区" reaches a county-level
 * city whatever the size of the prefecture around it, one for "三市市辖区" only the cities' urban districts.
 * Derived from the region's level and name ({@link Regions}), never typed per region.
 */
public enum RegionKind {
    PROVINCE(Level.PROVINCE, "省"),
    MUNICIPALITY(Level.PROVINCE, "直辖市"),
    AUTONOMOUS_REGION(Level.PROVINCE, "自治区"),
    SPECIAL_ADMINISTRATIVE_REGION(Level.PROVINCE, "特别行政区"),
    /** 地级市: a prefecture-level city. */
    PREFECTURE_CITY(Level.PREFECTURE, "地级市"),
    AUTONOMOUS_PREFECTURE(Level.PREFECTURE, "自治州"),
    /** 地区: a prefecture that is no city. */
    PREFECTURE_AREA(Level.PREFECTURE, "地区"),
    LEAGUE(Level.PREFECTURE, "盟"),
    /** 省（自治区）直辖县级行政区划: the county-level units a province governs directly, grouped under one code. */
    DIRECTLY_GOVERNED(Level.PREFECTURE, "省直辖县级行政区划"),
    /** 市辖区: a city's urban district. */
    DISTRICT(Level.COUNTY, "市辖区"),
    /** 县级市: a county-level city. */
    COUNTY_CITY(Level.COUNTY, "县级市"),
    COUNTY(Level.COUNTY, "县"),
    AUTONOMOUS_COUNTY(Level.COUNTY, "自治县"),
    BANNER(Level.COUNTY, "旗"),
    AUTONOMOUS_BANNER(Level.COUNTY, "自治旗"),
    FORESTRY_AREA(Level.COUNTY, "林区"),
    SPECIAL_DISTRICT(Level.COUNTY, "特区"),
    /** A county-level code of another kind (the islands and reefs of 三沙). */
    OTHER_COUNTY_LEVEL(Level.COUNTY, "其他县级单位");

    private final Level level;
    private final String chineseName;

    RegionKind(Level level, String chineseName) {
        this.level = level;
        this.chineseName = chineseName;
    }

    public Level level() {
        return level;
    }

    public String chineseName() {
        return chineseName;
    }

    public enum Level { PROVINCE, PREFECTURE, COUNTY }
}
