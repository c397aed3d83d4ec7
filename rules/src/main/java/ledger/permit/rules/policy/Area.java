package ledger.permit.rules.policy;

/**
 * Where a fact must lie, relative to the permit's jurisdiction, for a condition to count it: 当地 in the documents.
 * Which one a clause means is policy data ({@code definitions.local}, or a condition's own {@code where}).
 */
public enum Area {
    /** Wherever it was obtained (a degree, a title). */
    ANYWHERE,
    /** In the same province. */
    PROVINCE,
    /** In the same prefecture-level city, prefecture or autonomous prefecture. */
    PREFECTURE,
    /** In the jurisdiction itself (the same county-level region). */
    COUNTY,
    /** In the policy's central city (市中心城区), the districts its binding names. */
    CENTRAL_CITY
}
