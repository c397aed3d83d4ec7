package ledger.permit.contracts.catalog;

/** Where a holder stands with one service on one day. */
public enum EntitlementStatus {
    /** The service is open to the holder. */
    ENTITLED,
    /** The conditions are not (or no longer) met. */
    NOT_YET
}
