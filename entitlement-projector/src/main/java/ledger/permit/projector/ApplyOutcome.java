package ledger.permit.projector;

/** What applying one delivered event did to the read model. */
enum ApplyOutcome {
    APPLIED,
    /** Already applied before (a redelivery): nothing changed. */
    DUPLICATE
}
