package ledger.permit.contracts.values;

/** A value that cannot stand for what it claims to be; the message says why, in terms a caller can fix. */
public final class InvalidValueException extends RuntimeException {
    public InvalidValueException(String reason) {
        super(reason);
    }
}
