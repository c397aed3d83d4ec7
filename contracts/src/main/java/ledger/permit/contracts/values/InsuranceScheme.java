package ledger.permit.contracts.values;

/** The five social insurances (五险) a contribution month can be for. */
public enum InsuranceScheme {
    /** 基本养老保险 */
    PENSION,
    /** 基本医疗保险 */
    MEDICAL,
    /** 失业保险 */
    UNEMPLOYMENT,
    /** 工伤保险 */
    WORK_INJURY,
    /** 生育保险 */
    MATERNITY
}
