package ledger.permit.contracts.catalog;

/**
 * The catalog of public services a permit can open (《居住证暂行条例》 Art. 12/13, 国发〔2014〕25号).
 * The codes are a contract with agencies and statistics teams: add, never rename.
 */
public enum ServiceCode {
    LABOUR_EMPLOYMENT("劳动就业", Tier.DAY_ONE),
    BASIC_PUBLIC_EDUCATION("基本公共教育", Tier.DAY_ONE),
    BASIC_MEDICAL_HEALTH("基本医疗卫生", Tier.DAY_ONE),
    FAMILY_PLANNING("计划生育", Tier.DAY_ONE),
    PUBLIC_CULTURE("公共文化", Tier.DAY_ONE),
    LICENCE_PROCESSING("证照办理", Tier.DAY_ONE),
    SECONDARY_VOCATIONAL_AID("中等职业教育资助", Tier.GRADUAL),
    EMPLOYMENT_ASSISTANCE("就业援助", Tier.GRADUAL),
    HOUSING_SECURITY("住房保障", Tier.GRADUAL),
    ELDERLY_CARE("养老服务", Tier.GRADUAL),
    SOCIAL_WELFARE("社会福利", Tier.GRADUAL),
    SOCIAL_ASSISTANCE("社会救助", Tier.GRADUAL),
    CHILD_HIGH_SCHOOL_ADMISSION("随迁子女中考/普高录取", Tier.GRADUAL),
    CHILD_COLLEGE_EXAM("随迁子女高考", Tier.GRADUAL),
    HUKOU_SETTLEMENT("申请登记常住户口", Tier.GRADUAL),
    /** 随迁子女在流入地参加初中学业水平考试 (德政办发〔2016〕142号 十六): no years attached. */
    CHILD_JUNIOR_EXAM("随迁子女初中学业水平考试", Tier.GRADUAL),
    /** 具有初中及以上学历的随迁子女在流入地参加中等职业学校录取 (德政办发〔2016〕142号 十六): no years attached. */
    CHILD_VOCATIONAL_ADMISSION("随迁子女中等职业学校录取", Tier.GRADUAL);

    private final String chineseName;
    private final Tier tier;

    ServiceCode(String chineseName, Tier tier) {
        this.chineseName = chineseName;
        this.tier = tier;
    }

    /** Whether the service is a child's (随迁子女): judged once per child recorded with the holder. */
    public boolean forChild() {
        return name().startsWith("CHILD_");
    }

    public String chineseName() {
        return chineseName;
    }

    public Tier tier() {
        return tier;
    }

    public enum Tier {
        /** Equal access from the day the permit is issued, while it is valid and not suspended (Art. 12). */
        DAY_ONE,
        /**
         * Reached on conditions: years of continuous residence and social insurance, as each locality sets (Art. 13),
         * or a child's schooling.
         */
        GRADUAL
    }
}
