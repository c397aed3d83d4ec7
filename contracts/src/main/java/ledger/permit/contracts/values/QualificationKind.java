package ledger.permit.contracts.values;

/** What settlement routes ask for besides years (seed 003 items 3 and 5, 湖南 三(一)(二)). */
public enum QualificationKind {
    /** 国家承认的大专（含）以上学历 */
    COLLEGE_DEGREE,
    /** 中级及以上职称 */
    PROFESSIONAL_TITLE,
    /** 房屋产权证 */
    PROPERTY_CERTIFICATE,
    /** 合法稳定就业 (a labour contract or business licence on record) */
    STABLE_EMPLOYMENT,
    /** 合法稳定住所 (owned, or a registered tenancy: 租赁登记备案) */
    STABLE_RESIDENCE
}
