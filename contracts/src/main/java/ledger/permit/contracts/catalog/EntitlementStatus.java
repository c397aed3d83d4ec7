package ledger.permit.contracts.catalog;

/** Where a holder stands with one service on one day. */
public enum EntitlementStatus {
    /** The service is open to the holder. */
    ENTITLED,
    /** The conditions are not (or no longer) met. */
    NOT_YET,
    /** The permit's functions are suspended: an anniversary passed without endorsement (Art. 10). */
    SUSPENDED,
    /** The question does not arise: no child for a child service, or the holder settled or moved away. */
    NOT_APPLICABLE
}
