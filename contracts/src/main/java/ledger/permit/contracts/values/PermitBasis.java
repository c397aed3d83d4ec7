package ledger.permit.contracts.values;

/**
 * 《居住证暂行条例》 Art. 2: the one of three conditions on which a person may apply for a permit.
 */
public enum PermitBasis {
    /** 合法稳定就业 */
    EMPLOYMENT,
    /** 合法稳定住所 */
    RESIDENCE,
    /** 连续就读 */
    STUDY
}
