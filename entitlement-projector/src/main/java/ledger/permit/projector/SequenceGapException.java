package ledger.permit.projector;

/**
 * An event arrived out of its holder's order: an earlier one is missing. Applying it would derive
 * entitlements from incomplete facts, so it is refused and dead-lettered.
 */
final class SequenceGapException extends RuntimeException {
    SequenceGapException(String holderId, long expected, long got) {
        super("holder " + holderId + ": expected event #" + expected + " but got #" + got);
    }
}
