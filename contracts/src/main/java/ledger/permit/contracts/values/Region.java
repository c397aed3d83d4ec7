package ledger.permit.contracts.values;

/**
 * One region of the table: its code, its name as the Ministry of Civil Affairs publishes it, and its kind.
 *
 * @param parent the code of the region it lies in (a county's prefecture, a prefecture's province), or null
 */
public record Region(String code, String name, RegionKind kind, String parent) {

    /** The name with the code, as the ledger shows places: 瑞丽市 533102. */
    public String label() {
        return name + " " + code;
    }
}
